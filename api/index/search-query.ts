/**
 * Turns a user's search box text into safe FTS5 queries plus LIKE patterns.
 *
 * The trigram tokenizer cannot look up fewer than three characters, so terms
 * of two characters (common in Chinese: 内存, 磁盘) go to the bigram index
 * (bigrams.ts) and terms of one character become substring LIKE patterns.
 * Every FTS term is a quoted phrase or a hex token, so no input can reach
 * FTS5's query syntax (AND/OR/NOT, NEAR, *, ^, column filters, parens).
 */
import { or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { bigramToken, TERM_SEPARATORS } from "./bigrams.js";

/** More terms than this are ignored; a search box never needs them. */
export const MAX_SEARCH_TERMS = 32;
const TRIGRAM = 3;

export interface SearchTerms {
  /** An FTS5 MATCH expression: quoted phrases joined by AND, if any term is long enough. */
  match?: string;
  /** A MATCH expression for the bigram table: one token per two-character term, joined by AND. */
  bigramMatch?: string;
  /** LIKE patterns (escaped with `\`) for one-character terms. */
  likes: string[];
}

const quotePhrase = (term: string): string => `"${term.replaceAll('"', '""')}"`;
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const charCount = (term: string): number => Array.from(term).length;

/** Splits on white space and control characters; every term must match (AND). Undefined when nothing is left to search. */
export function parseSearch(input: string | undefined): SearchTerms | undefined {
  // Control characters separate terms too: FTS5 reads its query as a C string, so a NUL would cut it short.
  const terms = [...new Set((input ?? "").split(TERM_SEPARATORS).filter((t) => t.length > 0))].slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return undefined;
  const long = terms.filter((t) => charCount(t) >= TRIGRAM);
  // Two terms differing only in ASCII case are one token.
  const pairs = [...new Set(terms.map(bigramToken).filter((t): t is string => t !== undefined))];
  const single = terms.filter((t) => charCount(t) === 1);
  return {
    ...(long.length > 0 ? { match: long.map(quotePhrase).join(" AND ") } : {}),
    ...(pairs.length > 0 ? { bigramMatch: pairs.map((t) => `"${t}"`).join(" AND ") } : {}),
    likes: single.map(likePattern),
  };
}

/** One condition per LIKE pattern: the pattern occurs in any of `columns`. */
export function likeConditions(likes: readonly string[], columns: readonly SQLiteColumn[]): SQL[] {
  return likes.map(
    (pattern) => or(...columns.map((c) => sql`${c} LIKE ${pattern} ESCAPE '\\'`)) ?? sql`0`,
  );
}
