/**
 * A prepared INSERT .. ON CONFLICT(id) DO UPDATE for a whole row. Watches
 * upsert on every change and a resync upserts thousands of rows, so the
 * statement is compiled once per connection instead of once per call.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { IndexDb } from "./database.js";

type Keyed = SQLiteTable & { id: SQLiteColumn; seq: SQLiteColumn };

/** Runs the prepared upsert with one row's values. */
export type UpsertRow<T extends Keyed> = (row: T["$inferInsert"]) => void;

/** Prepares an upsert of every column but `seq`, which stays put so the FTS rowid does not move. */
export function prepareUpsert<T extends Keyed>(db: IndexDb, table: T): UpsertRow<T> {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key !== "seq");
  // Bare placeholders (wrapped in sql``) so drizzle passes values through; they are
  // encoded below, because drizzle's own placeholder encoding chokes on null.
  const values = Object.fromEntries(columns.map(([key]) => [key, sql`${sql.placeholder(key)}`]));
  const set = Object.fromEntries(columns.map(([key, column]) => [key, sql`excluded.${sql.identifier(column.name)}`]));
  const statement = db
    .insert(table)
    .values(values as SQLiteInsertValue<T>)
    .onConflictDoUpdate({ target: table.id, set: set as Record<string, SQL> })
    .prepare();
  return (row) => {
    const fields = row as Record<string, unknown>;
    const encoded = Object.fromEntries(
      columns.map(([key, column]) => [key, fields[key] == null ? null : column.mapToDriverValue(fields[key])]),
    );
    statement.run(encoded);
  };
}
