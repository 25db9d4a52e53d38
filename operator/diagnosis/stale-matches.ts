/**
 * Failure modes that only stale evidence shows: they are reported with their confidence
 * lowered by the age of that evidence, and never carry a proposal.
 */
import type { Evidence } from "./evidence.js";
import type { FailureMode } from "./failure-modes.js";
import { agePenalty, viewKeeping, type FreshnessSplit, type StaleFact } from "./facts/freshness.js";
import type { Locale } from "./messages.js";
import { ALL_RULES } from "./rules/index.js";
import type { RuleMatch } from "./rules/types.js";

/** A match that needs stale evidence: no proposal, confidence reduced by age. */
export interface StaleMatch {
  match: RuleMatch;
  /** Age at the alert of the newest stale fact that shows the mode; undefined when unrecorded. */
  ageMs?: number;
}

/** Bounds the rule runs: only the newest stale facts are tried one at a time. */
const MAX_ATTRIBUTED = 30;

/** Every rule's match on the evidence. */
export const runRules = (e: Evidence, locale: Locale): RuleMatch[] => ALL_RULES.flatMap((rule) => rule(e, locale) ?? []);

const modesOf = (e: Evidence, locale: Locale): Set<FailureMode> => new Set(runRules(e, locale).map((m) => m.mode));

/** The newest stale fact that, added alone to the fresh evidence, makes the rules see `mode`. */
function newestShowing(mode: FailureMode, modesWith: Map<StaleFact, Set<FailureMode>>): StaleFact | undefined {
  return [...modesWith.entries()].find(([, modes]) => modes.has(mode))?.[0];
}

/**
 * The modes the rules see in all the evidence but not in its fresh view, each with the age of
 * the newest stale fact that shows it (or of the newest stale fact at all, when only several together do).
 */
export function staleOnlyMatches(e: Evidence, split: FreshnessSplit, fresh: readonly RuleMatch[], locale: Locale): StaleMatch[] {
  if (split.stale.length === 0) return [];
  const freshModes = new Set(fresh.map((m) => m.mode));
  const candidates = runRules(viewKeeping(e, () => true), locale).filter((m) => !freshModes.has(m.mode));
  if (candidates.length === 0) return [];
  const tried = split.stale.slice(0, MAX_ATTRIBUTED);
  const modesWith = new Map(tried.map((f) => [f, modesOf(viewKeeping(e, (id) => split.freshIds.has(id) || id === f.id), locale)]));
  return candidates.map((match) => {
    const ageMs = (newestShowing(match.mode, modesWith) ?? split.stale[0])?.ageMs;
    const { proposal: _never, ...rest } = match;
    return { match: { ...rest, confidence: match.confidence * agePenalty(ageMs, split.window) }, ...(ageMs === undefined ? {} : { ageMs }) };
  });
}
