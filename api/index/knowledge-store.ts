/** The knowledge mirror: live data only, so a deletion removes the row. */
import { desc, eq } from "drizzle-orm";
import type { KnowledgeEntry } from "../../lib/resources.js";
import type { BigramTriggers } from "./bigram-triggers.js";
import type { IndexDb } from "./database.js";
import { knowledgeBigrams, knowledgeFts } from "./fts-tables.js";
import { knowledgeRow } from "./knowledge-row.js";
import { knowledgeEntries } from "./schema.js";
import { searchPage, type Page, type Searchable } from "./search-page.js";
import { prepareUpsert, type UpsertRow } from "./upsert.js";

export interface KnowledgeQuery {
  page: number;
  pageSize: number;
  category?: string;
  search?: string;
}

const searchableKnowledge: Searchable = {
  table: knowledgeEntries,
  seq: knowledgeEntries.seq,
  resource: knowledgeEntries.resource,
  fts: knowledgeFts,
  bigrams: knowledgeBigrams,
  // Title, content, tags: a title hit is worth most, a tag hit more than one in the body.
  weights: [10, 1, 5],
  textColumns: [knowledgeEntries.title, knowledgeEntries.content, knowledgeEntries.tags],
  newestFirst: [desc(knowledgeEntries.createdAt), desc(knowledgeEntries.id)],
};

/** Writes and reads of the knowledge_entries table. */
export class KnowledgeStore {
  private readonly upsertRow: UpsertRow<typeof knowledgeEntries>;

  constructor(
    private readonly db: IndexDb,
    private readonly bigrams: BigramTriggers,
  ) {
    this.upsertRow = prepareUpsert(db, knowledgeEntries);
  }

  /** Inserts or replaces the entry named `entry.metadata.name`. */
  upsert(entry: KnowledgeEntry): void {
    this.upsertRow(knowledgeRow(entry));
  }

  /** Removes the row; its full-text entry goes with it (trigger). */
  delete(id: string): void {
    this.db.delete(knowledgeEntries).where(eq(knowledgeEntries.id, id)).run();
  }

  /** Makes the table an exact copy of `live`, in one transaction. */
  sync(live: readonly KnowledgeEntry[]): void {
    this.db.transaction((tx) => {
      const liveIds = new Set(live.map((e) => e.metadata.name));
      const gone = tx
        .select({ id: knowledgeEntries.id })
        .from(knowledgeEntries)
        .all()
        .map((r) => r.id)
        .filter((id) => !liveIds.has(id));
      for (const id of gone) this.delete(id);
      this.bigrams.bulk("knowledge", () => {
        for (const entry of live) this.upsert(entry);
      });
    });
  }

  /** One page of entries, ranked by relevance when searching, else newest first. */
  list(q: KnowledgeQuery): Page<KnowledgeEntry> {
    const filters = [q.category === undefined ? undefined : eq(knowledgeEntries.category, q.category)];
    return searchPage<KnowledgeEntry>(this.db, searchableKnowledge, { ...q, filters });
  }
}
