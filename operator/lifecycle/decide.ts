/**
 * The next thing to do for an incident, decided from its resource alone.
 * Each reconcile does one action and writes status, so a crash between two
 * actions loses nothing and repeats nothing that changed the cluster.
 */
import { TERMINAL_PHASES, type IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import { proposalExpiresAt } from "./transitions.js";

/** The inputs of a decision besides the incident: the time, and how long a proposal may wait for a human. */
export interface DecideContext {
  now: Date;
  proposalTtlMs: number;
}

const AWAITING_HUMAN: readonly IncidentPhase[] = ["awaiting_approval", "awaiting_confirmation"];

export type Action =
  | { kind: "initialize" }
  | { kind: "apply_decision"; index: number }
  | { kind: "start_diagnosis" }
  | { kind: "diagnose" }
  | { kind: "evaluate_policy" }
  | { kind: "expire_proposal" }
  /** Nothing to do until a human decides; look again at `requeueAfterMs` (when the proposal expires). */
  | { kind: "wait_for_human"; requeueAfterMs?: number }
  | { kind: "recover_step"; index: number }
  | { kind: "run_step"; index: number }
  | { kind: "finish_execution" }
  | { kind: "verify" }
  | { kind: "done" };

/** Phases an incident never leaves (defined beside the phases, in crds/). */
export { TERMINAL_PHASES };

/** True for phases an incident never leaves. */
export const isTerminal = (phase: IncidentPhase | undefined): boolean =>
  phase !== undefined && TERMINAL_PHASES.includes(phase);

/** Decides the next action for `incident`. */
export function decideAction(incident: Incident, ctx: DecideContext): Action {
  const status = incident.status ?? {};
  const phase = status.phase;
  if (phase === undefined) return { kind: "initialize" };
  if (isTerminal(phase)) return { kind: "done" };
  // Before any pending decision: an approval that arrives (or is read) after expiry must not run a stale fix.
  const leftMs = msUntilExpiry(status, phase, ctx);
  if (leftMs !== undefined && leftMs <= 0) return { kind: "expire_proposal" };
  const pending = firstPendingDecision(incident);
  if (pending !== undefined) return { kind: "apply_decision", index: pending };
  const action = actionInPhase(incident, phase);
  return action.kind === "wait_for_human" && leftMs !== undefined ? { kind: "wait_for_human", requeueAfterMs: leftMs } : action;
}

function firstPendingDecision(incident: Incident): number | undefined {
  // A count is enough: the CRD makes spec.decisions append-only (crds/incident.ts), so the
  // first `processed` entries are exactly the ones already applied.
  const processed = incident.status?.processedDecisions ?? 0;
  return processed < (incident.spec.decisions?.length ?? 0) ? processed : undefined;
}

/** How long the proposal a human is asked about may still wait; undefined when nobody is asked or it has no time. */
function msUntilExpiry(status: NonNullable<Incident["status"]>, phase: IncidentPhase, ctx: DecideContext): number | undefined {
  if (!AWAITING_HUMAN.includes(phase)) return undefined;
  const expiresAt = proposalExpiresAt(status, ctx.proposalTtlMs);
  return expiresAt === undefined ? undefined : expiresAt - ctx.now.getTime();
}

function actionInPhase(incident: Incident, phase: IncidentPhase): Action {
  switch (phase) {
    case "new":
      return { kind: "start_diagnosis" };
    case "diagnosing":
      return { kind: "diagnose" };
    case "proposing":
      return { kind: "evaluate_policy" };
    case "executing":
      return executionAction(incident);
    case "verifying":
      return { kind: "verify" };
    default:
      return { kind: "wait_for_human" };
  }
}

function executionAction(incident: Incident): Action {
  const steps = incident.status?.execution?.steps ?? [];
  const started = steps.find((s) => s.state === "started");
  if (started) return { kind: "recover_step", index: started.index };
  const pending = steps.find((s) => s.state === "pending");
  return pending ? { kind: "run_step", index: pending.index } : { kind: "finish_execution" };
}
