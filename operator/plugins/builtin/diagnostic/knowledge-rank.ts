/**
 * Ranks knowledge entries for a query by how often its terms occur. Terms are
 * matched as substrings, so Chinese text (no spaces between words) matches too.
 */
import type { KnowledgeEntry } from "../../../../lib/resources.js";

/** A ranked entry, as the rule engine and the LLM read it. */
export interface KnowledgeHit {
  id: string;
  title: string;
  category: string;
  score: number;
  excerpt: string;
}

/** A term in the title weighs more than one in the tags, which weighs more than one in the content. */
const WEIGHTS = { title: 3, tags: 2, content: 1 };
/** Characters of content around the first match. */
export const EXCERPT_LENGTH = 200;

/** The distinct lower-case terms of a query, split on whitespace and punctuation (ASCII and CJK). */
export function queryTerms(query: string): string[] {
  const terms = query
    .toLowerCase()
    .split(/[\s,.;:!?'"()[\]{}<>/\\|，。；：！？、（）【】《》“”‘’]+/u)
    .filter((t) => t.length > 0);
  return [...new Set(terms)];
}

function countOf(haystack: string, term: string): number {
  let count = 0;
  for (let at = haystack.indexOf(term); at !== -1; at = haystack.indexOf(term, at + term.length)) count += 1;
  return count;
}

/** The weighted number of occurrences of `terms` in the entry. */
export function scoreEntry(entry: KnowledgeEntry, terms: readonly string[]): number {
  const title = entry.spec.title.toLowerCase();
  const tags = (entry.spec.tags ?? []).join(" ").toLowerCase();
  const content = entry.spec.content.toLowerCase();
  return terms.reduce(
    (sum, t) => sum + WEIGHTS.title * countOf(title, t) + WEIGHTS.tags * countOf(tags, t) + WEIGHTS.content * countOf(content, t),
    0,
  );
}

/** Up to EXCERPT_LENGTH characters of content, starting a little before the first matched term. */
export function excerptOf(content: string, terms: readonly string[]): string {
  const lower = content.toLowerCase();
  const hits = terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0);
  const start = hits.length > 0 ? Math.max(0, Math.min(...hits) - 40) : 0;
  const text = content.slice(start, start + EXCERPT_LENGTH).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${text}${start + EXCERPT_LENGTH < content.length ? "…" : ""}`;
}

/** The entries that match at least one term, best first (ties by title), at most `limit`. */
export function rankKnowledge(entries: readonly KnowledgeEntry[], query: string, limit: number): KnowledgeHit[] {
  const terms = queryTerms(query);
  return entries
    .map((entry) => ({ entry, score: scoreEntry(entry, terms) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.entry.spec.title.localeCompare(b.entry.spec.title))
    .slice(0, limit)
    .map(({ entry, score }) => ({
      id: entry.metadata.name ?? "",
      title: entry.spec.title,
      category: entry.spec.category,
      score,
      excerpt: excerptOf(entry.spec.content, terms),
    }));
}
