/**
 * Pure status transitions of the incident lifecycle. Each takes the current
 * status and what was learned, and returns the next status with its
 * timeline events; the reconciler does the I/O around them.
 */
import type { IncidentPhase, IncidentStatus, TimelineEvent } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import type { OperatorConfig } from "../../lib/settings/operator-config.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import type { DiagnosisOutcome } from "./engine.js";
import { freshnessData } from "./freshness-data.js";
import { rfc3339, withEvent } from "./timeline.js";

/** Moves to `phase`, noting when, unless already there. */
export function enterPhase(status: IncidentStatus, phase: IncidentPhase, now: Date): IncidentStatus {
  return status.phase === phase ? status : { ...status, phase, phaseSince: rfc3339(now) };
}

/** The first status of an incident: `new`, with the alert in the timeline. */
export function initialize(incident: Incident, now: Date): IncidentStatus {
  const base: IncidentStatus = { processedDecisions: 0 };
  return withEvent(enterPhase(base, "new", now), "alert_received", now, {
    message: incident.spec.alert.message,
    data: { message: incident.spec.alert.message, sender_id: incident.spec.alert.source ?? incident.spec.source ?? "" },
  });
}

/** `new` -> `diagnosing`. */
export function startDiagnosis(status: IncidentStatus, engine: string, now: Date): IncidentStatus {
  return withEvent(enterPhase(status, "diagnosing", now), "diagnosis_started", now, { data: { engine } });
}

/** Records the diagnosis and either proposes, asks for confirmation, or escalates. */
export function afterDiagnosis(
  status: IncidentStatus,
  toolEvents: TimelineEvent[],
  outcome: DiagnosisOutcome,
  ctx: { config: OperatorConfig; now: Date },
): IncidentStatus {
  const { diagnosis, proposal } = outcome;
  let next: IncidentStatus = { ...status, timeline: toolEvents, diagnosis };
  next = withEvent(next, "diagnosis_completed", ctx.now, {
    message: diagnosis.conclusion,
    data: { conclusion: diagnosis.conclusion, confidence: diagnosis.confidence, ...freshnessData(outcome) },
  });
  if (diagnosis.confidence < ctx.config.minConfidence || !proposal) {
    const why = !proposal
      ? "no safe automatic fix is known for this diagnosis"
      : `confidence ${diagnosis.confidence} is below ${ctx.config.minConfidence}`;
    return escalate(next, why, ctx.now);
  }
  const revision = (status.proposal?.revision ?? 0) + 1;
  next = { ...next, proposal: { ...proposal, revision, proposedAt: rfc3339(ctx.now) } };
  next = withEvent(next, "proposal_created", ctx.now, {
    message: proposal.description,
    data: { risk_level: proposal.riskLevel, revision, steps: proposal.steps.length },
  });
  return enterPhase(next, ctx.config.confirmDiagnosis ? "awaiting_confirmation" : "proposing", ctx.now);
}

/** Records the policy verdict and moves on: execute, wait for approval, or escalate. */
export function afterPolicy(status: IncidentStatus, decision: PolicyDecision, now: Date): IncidentStatus {
  const revision = status.proposal?.revision ?? 1;
  let next: IncidentStatus = {
    ...status,
    policy: { verdict: decision.verdict, reasons: decision.reasons, evaluatedAt: rfc3339(now), proposalRevision: revision },
  };
  next = withEvent(next, "policy_evaluated", now, { message: decision.reasons.join("; "), data: { verdict: decision.verdict } });
  switch (decision.verdict) {
    case "auto_execute":
      return enterExecuting(next, now);
    case "require_approval":
      return withEvent(enterPhase(next, "awaiting_approval", now), "approval_requested", now, {
        message: decision.reasons.join("; "),
        data: { risk_level: status.proposal?.riskLevel, reasons: decision.reasons },
      });
    default:
      return escalate(next, `policy: ${decision.reasons.join("; ")}`, now);
  }
}

/**
 * Enters `executing` with every step of the current proposal pending; an unfinished execution of
 * the same revision (sent back for approval before a step) is resumed, so no step runs twice.
 */
export function enterExecuting(status: IncidentStatus, now: Date): IncidentStatus {
  const proposal = status.proposal;
  if (!proposal) return escalate(status, "there is no proposal to execute", now);
  const current = status.execution;
  if (current && current.proposalRevision === proposal.revision && !current.completedAt) {
    const left = current.steps.filter((s) => s.state === "pending").length;
    return withEvent(enterPhase(status, "executing", now), "execution_started", now, { data: { steps: left, resumed: true } });
  }
  const steps = proposal.steps.map((s, index) => ({
    index,
    plugin: s.plugin,
    ...(s.parameters ? { parameters: s.parameters } : {}),
    state: "pending" as const,
  }));
  const next: IncidentStatus = { ...status, execution: { proposalRevision: proposal.revision, startedAt: rfc3339(now), steps } };
  return withEvent(enterPhase(next, "executing", now), "execution_started", now, { data: { steps: steps.length } });
}

/** Ends the incident as escalated to a human. */
export function escalate(status: IncidentStatus, reason: string, now: Date): IncidentStatus {
  return withEvent(enterPhase(status, "escalated", now), "escalated", now, { message: reason, data: { reason } });
}

/** A step-time policy check asked for a human: back to `awaiting_approval` before step `index`, nothing run. */
export function stepNeedsApproval(status: IncidentStatus, index: number, reasons: string[], now: Date): IncidentStatus {
  const revision = status.proposal?.revision ?? 1;
  const message = `before step ${index}: ${reasons.join("; ")}`;
  let next: IncidentStatus = {
    ...status,
    policy: { verdict: "require_approval", reasons, evaluatedAt: rfc3339(now), proposalRevision: revision },
  };
  next = withEvent(next, "policy_evaluated", now, { message, data: { verdict: "require_approval", step: index } });
  return withEvent(enterPhase(next, "awaiting_approval", now), "approval_requested", now, {
    message,
    data: { risk_level: status.proposal?.riskLevel, reasons, step: index },
  });
}

/** When the current proposal expires, as ms since the epoch; undefined without a readable proposal time. */
export function proposalExpiresAt(status: IncidentStatus, ttlMs: number): number | undefined {
  const proposedAt = status.proposal ? Date.parse(status.proposal.proposedAt) : NaN;
  if (Number.isNaN(proposedAt)) return undefined;
  // The human gets the whole TTL from when they were asked: a confirmation at minute 55, or a step sent back
  // for approval after a long wait on a claim, must not leave minutes (or nothing) to decide.
  const askedAt = status.phaseSince ? Date.parse(status.phaseSince) : NaN;
  return Math.max(proposedAt, Number.isNaN(askedAt) ? proposedAt : askedAt) + ttlMs;
}

/** The proposal waited too long for a human: diagnose again from fresh evidence (a new revision follows). */
export function expireProposal(status: IncidentStatus, ttlMinutes: number, engine: string, now: Date): IncidentStatus {
  const revision = status.proposal?.revision;
  const expired = `proposal revision ${revision} expired: no decision within ${ttlMinutes} min`;
  // Some of its steps ran (it was sent back for approval mid-way): a fresh plan on top of half a plan is a human's call.
  const execution = status.execution;
  const ran = execution !== undefined && execution.proposalRevision === revision && execution.steps.some((s) => s.state !== "pending");
  if (ran) return escalate(status, `${expired} after some of its steps ran`, now);
  const message = `${expired}; diagnosing again from fresh evidence`;
  return withEvent(enterPhase(status, "diagnosing", now), "diagnosis_started", now, {
    message,
    data: { engine, reason: "proposal_expired", expiredRevision: revision, waitedIn: status.phase },
  });
}
