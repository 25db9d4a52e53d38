/** What the diagnosis_completed event says about evidence too old to act on. */
import type { DiagnosisOutcome } from "./engine.js";

/** Enough lines to name what was too old without swelling the timeline. */
const MAX_STALE = 20;

/** The window and the stale evidence as timeline data (snake_case, as the REST reference's events); nothing without a window. */
export function freshnessData(outcome: DiagnosisOutcome): Record<string, unknown> {
  const f = outcome.freshness;
  if (f === undefined) return {};
  const stale = f.stale.slice(0, MAX_STALE).map((s) => ({
    object: s.object,
    fact: s.fact,
    ...(s.ageSeconds === undefined ? {} : { age_seconds: s.ageSeconds }),
  }));
  return { freshness_window_minutes: f.windowMinutes, ...(stale.length > 0 ? { stale_evidence: stale } : {}) };
}
