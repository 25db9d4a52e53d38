/**
 * One page of a searchable table: filters, optional full-text search, total.
 * Shared by incidents and knowledge, which differ only in columns and weights.
 */
import { and, count, eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { IndexDb } from "./database.js";
import { bm25, ftsMatch, type FtsTable } from "./fts-tables.js";
import { likeConditions, parseSearch } from "./search-query.js";

export interface Page<T> {
  items: T[];
  total: number;
}

/** A content table, its FTS5 shadow, and how to rank and order it. */
export interface Searchable {
  table: SQLiteTable;
  seq: SQLiteColumn;
  resource: SQLiteColumn;
  fts: FtsTable;
  /** bm25 weight per FTS column, in column order. */
  weights: readonly number[];
  /** The content columns the FTS columns copy, for the LIKE fallback of short terms. */
  textColumns: readonly SQLiteColumn[];
  /** Order without a search, and the tie-break after rank with one. */
  newestFirst: readonly SQL[];
}

export interface PageRequest {
  page: number;
  pageSize: number;
  filters: readonly (SQL | undefined)[];
  search?: string;
}

/** The LIMIT and OFFSET of a 1-based page; nonsense values are clamped to the first page of one. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  const limit = Math.max(1, Math.floor(pageSize) || 1);
  return { limit, offset: (Math.max(1, Math.floor(page) || 1) - 1) * limit };
}

/** The page of resources matching every filter and search term, with the total count. */
export function searchPage<T>(db: IndexDb, s: Searchable, req: PageRequest): Page<T> {
  const { limit, offset } = pageWindow(req.page, req.pageSize);
  const terms = parseSearch(req.search);
  const filtered = and(...req.filters, ...likeConditions(terms?.likes ?? [], s.textColumns));
  if (terms?.match === undefined) {
    const [total] = db.select({ n: count() }).from(s.table).where(filtered).all();
    const rows = db.select({ resource: s.resource }).from(s.table).where(filtered);
    const items = rows.orderBy(...s.newestFirst).limit(limit).offset(offset).all();
    return { items: items.map((r) => r.resource as T), total: total?.n ?? 0 };
  }
  const onRow = eq(s.fts.rowid, s.seq);
  const where = and(filtered, ftsMatch(s.fts, terms.match));
  const [total] = db.select({ n: count() }).from(s.table).innerJoin(s.fts, onRow).where(where).all();
  const rows = db.select({ resource: s.resource }).from(s.table).innerJoin(s.fts, onRow).where(where);
  const items = rows.orderBy(bm25(s.fts, s.weights), ...s.newestFirst).limit(limit).offset(offset).all();
  return { items: items.map((r) => r.resource as T), total: total?.n ?? 0 };
}
