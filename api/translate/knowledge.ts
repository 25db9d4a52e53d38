/** KnowledgeEntry resources as the API's knowledge JSON. */
import type { KnowledgeEntry } from "../../lib/resources.js";
import { rfc3339 } from "../../lib/time.js";

/** Set by the facade on every write; the resource itself has no update time. */
export const UPDATED_AT_ANNOTATION = "kubefix.io/updated-at";

export interface KnowledgeJson {
  id: string;
  title: string;
  content: string;
  category: string;
  tags: string[];
  state: string;
  author: string | null;
  referenced_count: number;
  created_at: string;
  updated_at: string;
}

const iso = (t: Date | string | undefined): string => rfc3339(t ? new Date(t) : new Date(0));

/** One knowledge entry. */
export function toKnowledge(e: KnowledgeEntry): KnowledgeJson {
  const created = iso(e.metadata.creationTimestamp);
  return {
    id: e.metadata.name ?? "",
    title: e.spec.title,
    content: e.spec.content,
    category: e.spec.category,
    tags: e.spec.tags,
    state: e.spec.state,
    author: e.spec.author ?? null,
    referenced_count: e.status?.referencedCount ?? 0,
    created_at: created,
    updated_at: e.metadata.annotations?.[UPDATED_AT_ANNOTATION] ?? created,
  };
}
