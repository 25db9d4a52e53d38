/**
 * One execution at a time per written object: the pure half of the
 * execution claims (execution-claims.ts does the Lease I/O). A claim is a
 * Lease named from a hash of the object key whose holder is the incident
 * running a step on that object; it lapses on its own when the operator
 * that took it stops renewing (a crash), so a dead holder never blocks for
 * longer than the lease duration.
 */
import { createHash } from "node:crypto";

/** A claim as read from its Lease. */
export interface ClaimView {
  holder: string;
  /** Last acquire or renewal; undefined when the Lease carries none (treated as lapsed). */
  renewedAt: Date | undefined;
  durationMs: number;
  resourceVersion: string;
}

export type ClaimDecision =
  | { kind: "create" }
  /** Ours already (a step of the same incident, or a retry after an error): renew and go on. */
  | { kind: "renew"; resourceVersion: string }
  /** Held by someone whose lease lapsed (a crashed operator): take it over. */
  | { kind: "take_over"; resourceVersion: string; from: string }
  /** Held by another incident: look again after `retryAfterMs`. */
  | { kind: "wait"; holder: string; retryAfterMs: number };

/** The longest wait before looking at a held claim again (Leases are not watched). */
export const MAX_CLAIM_POLL_MS = 5_000;
const MIN_CLAIM_POLL_MS = 250;
/** How much longer than the step's timeout a claim lasts without renewal. */
export const CLAIM_MARGIN_MS = 60_000;

/** Decides what `holder` does about the claim `current` at `now`. */
export function decideClaim(current: ClaimView | undefined, holder: string, now: Date): ClaimDecision {
  if (current === undefined) return { kind: "create" };
  if (current.holder === holder) return { kind: "renew", resourceVersion: current.resourceVersion };
  const expiresAt = current.renewedAt === undefined ? 0 : current.renewedAt.getTime() + current.durationMs;
  const left = expiresAt - now.getTime();
  if (left <= 0 || current.holder === "") return { kind: "take_over", resourceVersion: current.resourceVersion, from: current.holder };
  return { kind: "wait", holder: current.holder, retryAfterMs: Math.min(MAX_CLAIM_POLL_MS, Math.max(MIN_CLAIM_POLL_MS, left)) };
}

/** How long a claim for a step with `timeoutSeconds` lasts without renewal: longer than the step may run. */
export const claimDurationMs = (timeoutSeconds: number): number => timeoutSeconds * 1000 + CLAIM_MARGIN_MS;

/** The Lease holding the claim of object `key`: a hash, since keys are longer than names and hold slashes. */
export const claimLeaseName = (key: string): string =>
  `kubefix-exec-${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
