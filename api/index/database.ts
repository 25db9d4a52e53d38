/** Opens the index file, applies pending migrations and returns a drizzle handle. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { BigramTriggers } from "./bigram-triggers.js";
import * as schema from "./schema.js";

export type IndexDb = BetterSQLite3Database<typeof schema>;

// Beside this module, so that it resolves the same from tsx, vitest and any cwd.
const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

const isFile = (path: string): boolean => path !== ":memory:" && path !== "" && !path.startsWith("file:");

/** The SQLite connection, its drizzle wrapper and bigram triggers, migrated to the latest schema. */
export function openDatabase(path: string): { sqlite: Database.Database; db: IndexDb; bigrams: BigramTriggers } {
  if (isFile(path)) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    // WAL lets readers (HTTP handlers) proceed while a watch event writes.
    sqlite.pragma("journal_mode = WAL");
    // The index is rebuilt from the cluster, so losing the last commits on power loss is acceptable.
    sqlite.pragma("synchronous = NORMAL");
    // Before migrating: migration 0003 fills the bigram tables through these functions.
    const bigrams = new BigramTriggers(sqlite);
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: MIGRATIONS });
    return { sqlite, db, bigrams };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
