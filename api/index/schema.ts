/**
 * Tables of the facade's SQLite index. The index is derived from the cluster,
 * never authoritative: see README.md. The FTS5 tables that shadow these rows
 * live in a custom migration, since drizzle-kit cannot declare virtual tables.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Incident, KnowledgeEntry } from "../../lib/resources.js";

const timestampMs = (name: string) => integer(name, { mode: "timestamp_ms" });

/** One row per incident ever seen, kept after the resource is deleted (history). */
export const incidents = sqliteTable(
  "incidents",
  {
    // An INTEGER PRIMARY KEY is the rowid, which the FTS table points at; an
    // implicit rowid could change on VACUUM and desync the full-text index.
    seq: integer("seq").primaryKey(),
    id: text("id").notNull().unique(),
    title: text("title").notNull(),
    status: text("status").notNull(),
    severity: text("severity").notNull(),
    category: text("category").notNull(),
    createdAt: timestampMs("created_at").notNull(),
    resolvedAt: timestampMs("resolved_at"),
    updatedAt: timestampMs("updated_at").notNull(),
    deletedAt: timestampMs("deleted_at"),
    fingerprint: text("fingerprint").notNull(),
    targetNamespace: text("target_namespace"),
    targetName: text("target_name"),
    // Full-text columns, read by incidents_fts as its external content.
    diagnosisText: text("diagnosis_text").notNull(),
    detailsText: text("details_text").notNull(),
    resource: text("resource", { mode: "json" }).$type<Incident>().notNull(),
  },
  // Each index ends in the list order (created_at, id), so a filtered page is read in order and
  // stops at its LIMIT instead of sorting every matching row (see docs/benchmarks.md).
  (t) => [
    index("incidents_created_id_idx").on(t.createdAt, t.id),
    index("incidents_status_created_idx").on(t.status, t.createdAt, t.id),
    index("incidents_severity_created_idx").on(t.severity, t.createdAt, t.id),
  ],
);

/** A mirror of the live KnowledgeEntry resources; no history. */
export const knowledgeEntries = sqliteTable(
  "knowledge_entries",
  {
    seq: integer("seq").primaryKey(),
    id: text("id").notNull().unique(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    // Space-separated, so that the full-text index sees each tag.
    tags: text("tags").notNull(),
    category: text("category").notNull(),
    createdAt: timestampMs("created_at"),
    resource: text("resource", { mode: "json" }).$type<KnowledgeEntry>().notNull(),
  },
  (t) => [index("knowledge_entries_category_idx").on(t.category), index("knowledge_entries_created_at_idx").on(t.createdAt)],
);

export type IncidentRow = typeof incidents.$inferInsert;
export type KnowledgeRow = typeof knowledgeEntries.$inferInsert;
