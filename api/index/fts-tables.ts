/**
 * Query-side declarations of the FTS5 tables created by migrations/0001_fts.sql
 * (trigram) and migrations/0003_bigrams.sql (two-character tokens). They stay
 * out of schema.ts so that drizzle-kit never tries to create them as ordinary
 * tables; only `rowid` is needed to join them to their content rows.
 */
import { sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { IndexDb } from "./database.js";

export const incidentsFts = sqliteTable("incidents_fts", { rowid: integer("rowid").notNull() });
export const knowledgeFts = sqliteTable("knowledge_entries_fts", { rowid: integer("rowid").notNull() });

export const incidentsBigrams = sqliteTable("incidents_bigrams", { rowid: integer("rowid").notNull() });
export const knowledgeBigrams = sqliteTable("knowledge_entries_bigrams", { rowid: integer("rowid").notNull() });

export type FtsTable = typeof incidentsFts | typeof knowledgeFts;
export type BigramTable = typeof incidentsBigrams | typeof knowledgeBigrams;

/** `<table> MATCH ?`, with the query bound as a parameter. */
export const ftsMatch = (table: FtsTable | BigramTable, query: string): SQL => sql`${table} MATCH ${query}`;

/** bm25 rank (lower is better) with one weight per FTS column, in column order. */
export const bm25 = (table: FtsTable, weights: readonly number[]): SQL<number> =>
  sql<number>`bm25(${table}, ${sql.join(
    weights.map((w) => sql`${w}`),
    sql`, `,
  )})`;

/**
 * `rowid IN (the rows of the bigram table holding every token of query)`. The unary `+` keeps SQLite
 * from driving the query by those rowids: at 50,000 incidents, looking up each of the 15,000 rows
 * holding 内存 cost 40 ms, and on the FTS5 rowid beside a trigram MATCH a query did not finish in
 * ten minutes. As a plain filter it probes the materialized list while an index is walked in page order.
 */
export function inBigramRows(db: IndexDb, rowid: SQLiteColumn, table: BigramTable, query: string): SQL {
  return sql`+${rowid} IN ${db.select({ rowid: table.rowid }).from(table).where(ftsMatch(table, query))}`;
}
