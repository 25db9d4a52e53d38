/**
 * Query-side declarations of the FTS5 tables created by migrations/0001_fts.sql.
 * They stay out of schema.ts so that drizzle-kit never tries to create them as
 * ordinary tables; only `rowid` is needed to join them to their content rows.
 */
import { sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

export const incidentsFts = sqliteTable("incidents_fts", { rowid: integer("rowid").notNull() });
export const knowledgeFts = sqliteTable("knowledge_entries_fts", { rowid: integer("rowid").notNull() });

export type FtsTable = typeof incidentsFts | typeof knowledgeFts;

/** `<table> MATCH ?`, with the query bound as a parameter. */
export const ftsMatch = (table: FtsTable, query: string): SQL => sql`${table} MATCH ${query}`;

/** bm25 rank (lower is better) with one weight per FTS column, in column order. */
export const bm25 = (table: FtsTable, weights: readonly number[]): SQL<number> =>
  sql<number>`bm25(${table}, ${sql.join(
    weights.map((w) => sql`${w}`),
    sql`, `,
  )})`;
