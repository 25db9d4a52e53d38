/**
 * The next thing to do for an incident, decided from its resource alone.
 * Each reconcile does one action and writes status, so a crash between two
 * actions loses nothing and repeats nothing that changed the cluster.
 */
import { TERMINAL_PHASES, type IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";

export type Action =
  | { kind: "initialize" }
  | { kind: "apply_decision"; index: number }
  | { kind: "start_diagnosis" }
  | { kind: "diagnose" }
  | { kind: "evaluate_policy" }
  | { kind: "wait_for_human" }
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
export function decideAction(incident: Incident): Action {
  const status = incident.status ?? {};
  const phase = status.phase;
  if (phase === undefined) return { kind: "initialize" };
  if (isTerminal(phase)) return { kind: "done" };
  // A count is enough: the CRD makes spec.decisions append-only (crds/incident.ts), so the
  // first `processed` entries are exactly the ones already applied.
  const processed = status.processedDecisions ?? 0;
  if (processed < (incident.spec.decisions?.length ?? 0)) return { kind: "apply_decision", index: processed };
  return actionInPhase(incident, phase);
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
