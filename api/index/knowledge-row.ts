/** What the index stores of one KnowledgeEntry. */
import type { KnowledgeEntry } from "../../lib/resources.js";
import { wellFormed } from "./bigrams.js";
import { toMillis } from "./incident-row.js";
import type { KnowledgeRow } from "./schema.js";

/** The row to upsert for `entry`, keyed by metadata.name; search text is well-formed (bigrams.ts). */
export function knowledgeRow(entry: KnowledgeEntry): KnowledgeRow {
  const id = entry.metadata.name;
  if (!id) throw new Error("a KnowledgeEntry without metadata.name cannot be indexed");
  // Typed as a Date, but custom objects arrive as plain JSON with a string; toMillis takes both.
  const created = toMillis(entry.metadata.creationTimestamp);
  return {
    id,
    title: wellFormed(entry.spec.title),
    content: wellFormed(entry.spec.content),
    tags: wellFormed((entry.spec.tags ?? []).join(" ")),
    category: entry.spec.category,
    createdAt: created === undefined ? null : new Date(created),
    resource: entry,
  };
}
