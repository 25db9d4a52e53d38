/**
 * One page of a searchable table: filters, optional full-text search, total.
 * Shared by incidents and knowledge, which differ only in columns and weights.
 */
import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { IndexDb } from "./database.js";
import { bm25, ftsMatch, inBigramRows, type BigramTable, type FtsTable } from "./fts-tables.js";
import { likeConditions, parseSearch, type SearchTerms } from "./search-query.js";

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
  /** The two-character tokens of each row's text columns (bigrams.ts). */
  bigrams: BigramTable;
  /** The content columns the FTS columns copy, for the LIKE fallback of one-character terms. */
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

interface Window {
  limit: number;
  offset: number;
}

/** The LIMIT and OFFSET of a 1-based page; nonsense values are clamped to the first page of one. */
export function pageWindow(page: number, pageSize: number): Window {
  const limit = Math.max(1, Math.floor(pageSize) || 1);
  return { limit, offset: (Math.max(1, Math.floor(page) || 1) - 1) * limit };
}

/**
 * The resources of the page's rows, in the page's order. Sorting and paging see only row
 * numbers: carrying each row's JSON (kilobytes) through the sort made searches slow.
 */
function resourcesOf<T>(db: IndexDb, s: Searchable, seqs: number[]): T[] {
  if (seqs.length === 0) return [];
  const rows = db.select({ seq: s.seq, resource: s.resource }).from(s.table).where(inArray(s.seq, seqs)).all();
  const bySeq = new Map(rows.map((r) => [r.seq as number, r.resource as T]));
  return seqs.flatMap((seq) => (bySeq.has(seq) ? [bySeq.get(seq)!] : []));
}

/** A page without full-text ranking: newest first, read in order from an index that ends in the list order. */
function newestPage<T>(db: IndexDb, s: Searchable, where: SQL | undefined, w: Window): Page<T> {
  const [total] = db.select({ n: count() }).from(s.table).where(where).all();
  const page = db.select({ seq: s.seq }).from(s.table).where(where).orderBy(...s.newestFirst).limit(w.limit).offset(w.offset).all();
  return { items: resourcesOf<T>(db, s, page.map((r) => r.seq as number)), total: total?.n ?? 0 };
}

/**
 * A search without filters, ranked inside the full-text index: joining every match to its row
 * first cost four times as much. Ties go to the higher row number, the later one written.
 */
function ftsOnlyPage<T>(db: IndexDb, s: Searchable, where: SQL | undefined, w: Window): Page<T> {
  const [total] = db.select({ n: count() }).from(s.fts).where(where).all();
  const page = db
    .select({ seq: s.fts.rowid })
    .from(s.fts)
    .where(where)
    .orderBy(bm25(s.fts, s.weights), desc(s.fts.rowid))
    .limit(w.limit)
    .offset(w.offset)
    .all();
  return { items: resourcesOf<T>(db, s, page.map((r) => r.seq)), total: total?.n ?? 0 };
}

/** A ranked search joined to its rows, for the filters and the newest-first tie-break. */
function joinedPage<T>(db: IndexDb, s: Searchable, where: SQL | undefined, w: Window): Page<T> {
  const onRow = eq(s.fts.rowid, s.seq);
  const [total] = db.select({ n: count() }).from(s.table).innerJoin(s.fts, onRow).where(where).all();
  const page = db
    .select({ seq: s.seq })
    .from(s.table)
    .innerJoin(s.fts, onRow)
    .where(where)
    .orderBy(bm25(s.fts, s.weights), ...s.newestFirst)
    .limit(w.limit)
    .offset(w.offset)
    .all();
  return { items: resourcesOf<T>(db, s, page.map((r) => r.seq as number)), total: total?.n ?? 0 };
}

/** The rows holding every two-character term, as a filter on `rowid`: the row number or the FTS rowid, which are equal. */
function bigramFilter(db: IndexDb, s: Searchable, terms: SearchTerms | undefined, rowid: SQLiteColumn): SQL | undefined {
  return terms?.bigramMatch === undefined ? undefined : inBigramRows(db, rowid, s.bigrams, terms.bigramMatch);
}

/** The page of resources matching every filter and search term, with the total count. */
export function searchPage<T>(db: IndexDb, s: Searchable, req: PageRequest): Page<T> {
  const w = pageWindow(req.page, req.pageSize);
  const terms = parseSearch(req.search);
  const filtered = and(...req.filters, ...likeConditions(terms?.likes ?? [], s.textColumns));
  if (terms?.match === undefined) return newestPage<T>(db, s, and(filtered, bigramFilter(db, s, terms, s.seq)), w);
  const match = ftsMatch(s.fts, terms.match);
  // Two-character terms filter by row number alone, so they keep a search on the fast path.
  if (filtered === undefined) return ftsOnlyPage<T>(db, s, and(match, bigramFilter(db, s, terms, s.fts.rowid)), w);
  return joinedPage<T>(db, s, and(filtered, bigramFilter(db, s, terms, s.seq), match), w);
}
