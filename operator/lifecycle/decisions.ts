/**
 * What a human decision does in each phase. Decisions arrive in
 * `spec.decisions` (Lark, REST or kubectl patch); the operator applies each
 * one once, in order, and counts them in `status.processedDecisions`. The
 * CRD keeps the list append-only and the admission policy
 * (crds/decision-admission.ts) vouches for `by`, so a count and the entry's
 * own fields are all the operator needs.
 */
import { PHASES_BEFORE_EXECUTION, type Decision, type IncidentPhase, type TimelineEventType } from "../../crds/index.js";

export interface DecisionOutcome {
  /** The phase the incident moves to; undefined leaves it where it is. */
  phase?: IncidentPhase;
  event: TimelineEventType;
  note: string;
}

/** The effect of `decision` on an incident in `phase` whose proposal has revision `proposalRevision`. */
export function decisionOutcome(phase: IncidentPhase, decision: Decision, proposalRevision?: number): DecisionOutcome {
  const who = `${decision.by} via ${decision.via}`;
  switch (decision.action) {
    case "confirm_diagnosis":
      return phase === "awaiting_confirmation"
        ? { phase: "proposing", event: "diagnosis_confirmed", note: `diagnosis confirmed by ${who}` }
        : ignored(phase, decision, "there is no diagnosis waiting for confirmation");
    case "approve":
      return approveOutcome(phase, decision, proposalRevision);
    case "reject":
      return PHASES_BEFORE_EXECUTION.includes(phase)
        ? { phase: "rejected", event: "rejected", note: `rejected by ${who}${decision.comment ? `: ${decision.comment}` : ""}` }
        : ignored(phase, decision, "execution has already started");
    case "ignore":
      return PHASES_BEFORE_EXECUTION.includes(phase)
        ? { phase: "ignored", event: "ignored", note: `ignored by ${who}` }
        : ignored(phase, decision, "execution has already started");
    case "escalate":
      return { phase: "escalated", event: "escalated", note: `escalated by ${who}` };
  }
}

function approveOutcome(phase: IncidentPhase, decision: Decision, proposalRevision?: number): DecisionOutcome {
  if (phase !== "awaiting_approval") return ignored(phase, decision, "no proposal is waiting for approval");
  if (decision.proposalRevision !== undefined && decision.proposalRevision !== proposalRevision) {
    return ignored(phase, decision, `it approves proposal revision ${decision.proposalRevision}, the current one is ${proposalRevision}`);
  }
  return { phase: "executing", event: "approved", note: `approved by ${decision.by} via ${decision.via}` };
}

function ignored(phase: IncidentPhase, decision: Decision, why: string): DecisionOutcome {
  return { event: "policy_evaluated", note: `${decision.action} by ${decision.by} not applied in phase ${phase}: ${why}` };
}
