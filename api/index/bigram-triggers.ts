/**
 * The application side of the bigram triggers of migrations/0003_bigrams.sql:
 * the SQL functions they call, and a bulk mode for syncs.
 *
 * FTS5 writes its pending tokens to disk at every statement of a transaction
 * that fires triggers, so a sync that inserts each row's bigrams from its own
 * trigger writes 50,000 tiny segments and merges them: +7 s on a 17 s sync
 * of 50,000 new incidents, against +3.6 s for the same tokens inserted in one
 * statement at the end. In bulk mode the triggers still delete the tokens of
 * changed and removed rows but insert none; then one statement fills every
 * row left without tokens.
 */
import type Database from "better-sqlite3";
import { rowBigrams } from "./bigrams.js";

/** The function the triggers call for a row's tokens; registered on every connection, before migrating. */
export const BIGRAMS_FUNCTION = "kubefix_bigrams";
/** The function the triggers ask whether inserts are deferred to the end of a bulk write. */
export const DEFERRED_FUNCTION = "kubefix_bigrams_deferred";

// The same columns as the triggers; the backfill of migration 0003 is this statement without the NOT IN.
const FILL = {
  incidents: `INSERT INTO incidents_bigrams (rowid, grams)
    SELECT seq, ${BIGRAMS_FUNCTION}(title, diagnosis_text, details_text) FROM incidents
    WHERE seq NOT IN (SELECT rowid FROM incidents_bigrams)`,
  knowledge: `INSERT INTO knowledge_entries_bigrams (rowid, grams)
    SELECT seq, ${BIGRAMS_FUNCTION}(title, content, tags) FROM knowledge_entries
    WHERE seq NOT IN (SELECT rowid FROM knowledge_entries_bigrams)`,
} as const;

/** The table whose rows a bulk write changes. */
export type BigramSource = keyof typeof FILL;

/** The SQL functions of one connection, and its bulk mode. */
export class BigramTriggers {
  private deferred = false;

  constructor(private readonly sqlite: Database.Database) {
    sqlite.function(BIGRAMS_FUNCTION, { deterministic: true, varargs: true }, (...columns: unknown[]) => rowBigrams(columns));
    sqlite.function(DEFERRED_FUNCTION, () => (this.deferred ? 1 : 0));
  }

  /**
   * Runs `write`, which must be inside a transaction, with the bigram inserts deferred, then
   * gives every row of `source` without tokens its tokens, in the same transaction.
   */
  bulk<T>(source: BigramSource, write: () => T): T {
    if (!this.sqlite.inTransaction) throw new Error("a bulk write of the index must run inside a transaction");
    this.deferred = true;
    let result: T;
    try {
      result = write();
    } finally {
      this.deferred = false;
    }
    this.sqlite.prepare(FILL[source]).run();
    return result;
  }
}
