/** When to check a verifying incident again, when no watch event comes first. */
import type { IncidentStatus } from "../../crds/index.js";

/** The slow fallback between checks: watches wake verification, this only covers a missed event. */
export const DEFAULT_VERIFY_RESYNC_MS = 20_000;

/**
 * Milliseconds until the next check: the end of the stable window if the
 * target looks healthy, the end of the verification window, or the
 * fallback, whichever comes first, so that a decision falls due exactly.
 */
export function nextVerifyCheckMs(
  verification: IncidentStatus["verification"],
  windows: { windowSeconds: number; stableSeconds: number },
  now: Date,
  resyncMs = DEFAULT_VERIFY_RESYNC_MS,
): number {
  const deadlines = [resyncMs];
  const started = Date.parse(verification?.startedAt ?? "");
  if (!Number.isNaN(started)) deadlines.push(started + windows.windowSeconds * 1000 - now.getTime());
  const since = Date.parse(verification?.healthySince ?? "");
  if (verification?.healthy === true && !Number.isNaN(since)) deadlines.push(since + windows.stableSeconds * 1000 - now.getTime());
  // At least a millisecond: a zero delay is an immediate re-add, and a deadline already past is due now.
  return Math.max(1, Math.ceil(Math.min(...deadlines)));
}
