/** Pure decisions of alert intake: which incident a repeat belongs to, and what to write. */
import { TERMINAL_PHASES, type IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../resources.js";
import { parseIncidentId } from "./incident-id.js";

/** Phases after which a repeat of the alert opens a new incident instead of counting on this one: the terminal ones. */
export const CLOSED_PHASES: ReadonlySet<IncidentPhase> = new Set<IncidentPhase>(TERMINAL_PHASES);

/** True while the operator still works on the incident; one just created has no status yet and is open. */
export function isOpen(incident: Incident): boolean {
  const phase = incident.status?.phase;
  return phase === undefined || !CLOSED_PHASES.has(phase);
}

/** True when a firing alert received at `nowMs` counts as a repeat on `incident`. */
export function isDedupeTarget(incident: Incident, nowMs: number, windowMs: number): boolean {
  const lastSeen = Date.parse(incident.spec.lastSeen);
  return isOpen(incident) && nowMs - lastSeen <= windowMs;
}

/** What the state of a fingerprint's claim tells a receiver to do. */
export type ClaimVerdict =
  | { action: "bump"; incident: Incident }
  | { action: "wait" }
  | { action: "adopt" }
  | { action: "renew" };

/** Everything judgeClaim looks at, gathered from the apiserver and the clock. */
export interface ClaimState {
  /** The Incident resource name the claim holds. */
  claimedName: string;
  /** The incident the claim names, or undefined when it does not exist (yet). */
  incident: Incident | undefined;
  fingerprint: string;
  /** How long ago the claim was last written; Infinity when unknown. */
  claimAgeMs: number;
  nowMs: number;
  windowMs: number;
  /** How long a claimant may take between claiming and creating the incident. */
  graceMs: number;
}

/**
 * bump: count the alert on the claimed incident. wait: its claimant is still creating it.
 * adopt: the claimant seems gone; take the claim over and create the same name, so that a
 * claimant that was only slow and creates it anyway collides on the name instead of duplicating.
 * renew: the claimed incident is closed, stale or someone else's; point the claim at a new id.
 */
export function judgeClaim(state: ClaimState): ClaimVerdict {
  const { incident } = state;
  // A hand-edited Lease may hold anything; only an incident name can be created or counted on.
  if (parseIncidentId(state.claimedName) === undefined) return { action: "renew" };
  if (incident === undefined) return judgeMissing(state.claimAgeMs, state.windowMs, state.graceMs);
  if (incident.spec.fingerprint !== state.fingerprint) return { action: "renew" };
  return isDedupeTarget(incident, state.nowMs, state.windowMs) ? { action: "bump", incident } : { action: "renew" };
}

function judgeMissing(claimAgeMs: number, windowMs: number, graceMs: number): ClaimVerdict {
  if (claimAgeMs <= graceMs) return { action: "wait" };
  // Past the window the name is given up: it was most likely deleted, and a reused id would confuse people.
  return claimAgeMs <= windowMs ? { action: "adopt" } : { action: "renew" };
}

/** Of the incidents of one fingerprint, the open one seen last, if any. */
export function latestOpen(incidents: readonly Incident[]): Incident | undefined {
  let latest: Incident | undefined;
  for (const incident of incidents) {
    if (!isOpen(incident)) continue;
    if (latest === undefined || Date.parse(incident.spec.lastSeen) > Date.parse(latest.spec.lastSeen)) latest = incident;
  }
  return latest;
}

/** Of the incidents of one fingerprint, the one a firing alert at `nowMs` repeats, if any. */
export function dedupeTargetAmong(incidents: readonly Incident[], nowMs: number, windowMs: number): Incident | undefined {
  const latest = latestOpen(incidents);
  return latest !== undefined && isDedupeTarget(latest, nowMs, windowMs) ? latest : undefined;
}

/** The spec merge-patch for one more occurrence at `now`; a repeat after a recovery means the problem is back. */
export function repeatPatch(incident: Incident, now: Date): { spec: Record<string, unknown> } {
  return {
    spec: {
      occurrences: incident.spec.occurrences + 1,
      lastSeen: later(incident.spec.lastSeen, now),
      ...(incident.spec.recoveredAt === undefined ? {} : { recoveredAt: null }),
    },
  };
}

/** The spec merge-patch recording a recovery alert at `now`. */
export function recoveryPatch(incident: Incident, now: Date): { spec: Record<string, unknown> } {
  return { spec: { recoveredAt: now.toISOString(), lastSeen: later(incident.spec.lastSeen, now) } };
}

// Receivers' clocks and request order differ; lastSeen must never move backwards.
function later(current: string, now: Date): string {
  return Date.parse(current) > now.getTime() ? current : now.toISOString();
}
