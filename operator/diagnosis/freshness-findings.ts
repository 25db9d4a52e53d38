/** The findings that say which evidence was too old, and which modes only old evidence shows. */
import { formatAge, type StaleFact } from "./facts/freshness.js";
import type { FreshnessWindow } from "./freshness-window.js";
import type { EngineMessages } from "./messages.js";
import { finding, type Finding } from "./rules/types.js";
import type { StaleMatch } from "./stale-matches.js";

const MAX_LINES = 20;

const ageOf = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatAge(ms));

/** The window's width as text, e.g. "30m". */
export const windowText = (w: FreshnessWindow): string => formatAge(w.minutes * 60_000);

/** One stale fact as an evidence line: the object, the fact and its age at the alert. */
export const describeStale = (f: StaleFact, m: EngineMessages): string => `${f.object}: ${f.fact} (${m.staleAge(ageOf(f.ageMs))})`;

/** The finding that lists the notable stale facts, newest first; none when there are none. */
export function staleEvidenceFinding(stale: readonly StaleFact[], w: FreshnessWindow, m: EngineMessages): Finding[] {
  if (stale.length === 0) return [];
  const lines = stale.slice(0, MAX_LINES).map((f) => describeStale(f, m));
  return [finding(m.staleEvidence(stale.length, windowText(w)), lines, "freshness")];
}

const rounded = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

/** A mode only stale evidence shows, as a supporting finding with its lowered confidence. */
export function staleMatchFinding(s: StaleMatch, shown: ReadonlySet<string>, m: EngineMessages): Finding {
  const evidence = [...new Set(s.match.findings.flatMap((f) => f.evidence ?? []))].filter((line) => !shown.has(line));
  const text = m.staleMode(s.match.conclusion, ageOf(s.ageMs), rounded(s.match.confidence));
  return finding(text, evidence.slice(0, MAX_LINES), `rules/${s.match.mode}`);
}

/** The root-cause addition when no fresh evidence matched but stale evidence did. */
export function onlyStaleText(stale: readonly StaleMatch[], w: FreshnessWindow, m: EngineMessages): string {
  if (stale.length === 0) return "";
  const modes = stale.map((s) => `${s.match.conclusion} (${m.staleAge(ageOf(s.ageMs))})`).join(", ");
  return m.onlyStale(modes, windowText(w));
}
