/**
 * The facade's embedded index: full-text search, statistics and the history of
 * incidents that retention removed from the cluster. It is fed from watches and
 * derived, never authoritative: everything live is rebuilt from the cluster.
 */
import { eq, sql } from "drizzle-orm";
import type Database from "better-sqlite3";
import type { Incident, KnowledgeEntry } from "../../lib/resources.js";
import type { BigramTriggers } from "./bigram-triggers.js";
import { openDatabase, type IndexDb } from "./database.js";
import { listIncidents, type IncidentQuery } from "./incident-list.js";
import { incidentStats, type IncidentStats } from "./incident-stats.js";
import { IncidentWrites } from "./incident-writes.js";
import { KnowledgeStore, type KnowledgeQuery } from "./knowledge-store.js";
import { incidents } from "./schema.js";
import type { Page } from "./search-page.js";

export type { IncidentQuery, IncidentStats, KnowledgeQuery, Page };

/** SQLite-backed index of incidents (with history) and knowledge entries. */
export class SearchIndex {
  private readonly incidentWrites: IncidentWrites;
  private readonly knowledge: KnowledgeStore;

  private constructor(
    private readonly sqlite: Database.Database,
    private readonly db: IndexDb,
    bigrams: BigramTriggers,
  ) {
    this.incidentWrites = new IncidentWrites(db, bigrams);
    this.knowledge = new KnowledgeStore(db, bigrams);
  }

  /** Opens (creating it and its directory if needed) and migrates the index at `path`; ":memory:" for tests. */
  static open(path: string): SearchIndex {
    const { sqlite, db, bigrams } = openDatabase(path);
    return new SearchIndex(sqlite, db, bigrams);
  }

  /** Stores a live incident, clearing any deletion mark. */
  upsertIncident(inc: Incident): void {
    this.incidentWrites.upsert(inc);
  }

  /** Records that the resource was deleted; the row stays as history. */
  markIncidentDeleted(id: string, at: Date): void {
    this.incidentWrites.markDeleted(id, at);
  }

  /** After a (re)list: upserts every live incident and marks the rest deleted at `now`. */
  syncIncidents(live: readonly Incident[], now: Date): void {
    this.incidentWrites.sync(live, now);
    // One transaction of every row leaves a WAL as large as the database; give the space back.
    this.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** A page of incidents, live and (unless excluded) deleted. */
  listIncidents(q: IncidentQuery): Page<Incident> {
    return listIncidents(this.db, q);
  }

  /** One incident by spec.id, with when it was deleted if it is history. */
  getIncident(id: string): { incident: Incident; deletedAt?: string } | undefined {
    const row = this.db
      .select({ resource: incidents.resource, deletedAt: incidents.deletedAt })
      .from(incidents)
      .where(eq(incidents.id, id))
      .get();
    if (row === undefined) return undefined;
    return row.deletedAt === null
      ? { incident: row.resource }
      : { incident: row.resource, deletedAt: row.deletedAt.toISOString() };
  }

  /** Counts and mean time to resolve over the whole history. */
  incidentStats(): IncidentStats {
    return incidentStats(this.db);
  }

  /** Stores a knowledge entry, keyed by metadata.name. */
  upsertKnowledge(e: KnowledgeEntry): void {
    this.knowledge.upsert(e);
  }

  /** Removes the entry: knowledge is live data, not history. */
  deleteKnowledge(id: string): void {
    this.knowledge.delete(id);
  }

  /** Makes the knowledge table an exact mirror of `live`. */
  syncKnowledge(live: readonly KnowledgeEntry[]): void {
    this.knowledge.sync(live);
  }

  /** A page of knowledge entries, by category and search. */
  listKnowledge(q: KnowledgeQuery): Page<KnowledgeEntry> {
    return this.knowledge.list(q);
  }

  /** True when the database answers; never throws (health checks). */
  ping(): boolean {
    try {
      return this.db.get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}
