/**
 * Incident resources as the documented JSON: snake_case, ids in the
 * `INC-...` form, the diagnosis, proposal and execution in the shapes the
 * reference gives. Fields beyond the reference are added, never renamed.
 */
import { TERMINAL_PHASES, type IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import { rfc3339 } from "../../lib/time.js";
import type { IncidentListItem, IncidentDetail, IncidentEvent } from "../schemas/incident.js";


/** The phase, `new` before the operator has written any status. */
export const statusOf = (inc: Incident): string => inc.status?.phase ?? "new";

/** True while the incident still needs work or a human. */
export const isActive = (inc: Incident): boolean => !TERMINAL_PHASES.includes(statusOf(inc) as IncidentPhase);

const createdAt = (inc: Incident): string => inc.metadata.creationTimestamp
  ? rfc3339(new Date(inc.metadata.creationTimestamp))
  : inc.spec.firstSeen;

const seconds = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** The latest moment anything happened to the incident. */
export function updatedAt(inc: Incident): string {
  const moments = [createdAt(inc), inc.spec.lastSeen, inc.status?.phaseSince, inc.status?.timeline?.at(-1)?.timestamp, inc.spec.recoveredAt];
  return moments.filter((m): m is string => Boolean(m)).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** One row of `GET /api/incidents`. */
export function toListItem(inc: Incident): IncidentListItem {
  const resolvedAt = inc.status?.resolvedAt ?? null;
  return {
    id: inc.spec.id,
    title: inc.spec.title,
    status: statusOf(inc),
    severity: inc.spec.severity,
    category: inc.spec.category,
    created_at: createdAt(inc),
    resolved_at: resolvedAt,
    duration: resolvedAt ? seconds(createdAt(inc), resolvedAt) : null,
    target: inc.spec.target ? { kind: inc.spec.target.kind, name: inc.spec.target.name, namespace: inc.spec.target.namespace ?? null } : null,
    occurrences: inc.spec.occurrences,
  };
}

/** The timeline as `GET /api/incidents/:id/events` lists it. */
export function toEvents(inc: Incident): IncidentEvent[] {
  return (inc.status?.timeline ?? []).map((e) => ({
    id: e.id,
    type: e.type,
    timestamp: e.timestamp,
    message: e.message ?? null,
    data: e.data ?? {},
  }));
}

function diagnosisOf(inc: Incident): IncidentDetail["diagnosis"] {
  const d = inc.status?.diagnosis;
  if (!d) return null;
  return {
    conclusion: d.conclusion,
    confidence: d.confidence,
    key_findings: d.keyFindings.map((f) => f.finding),
    suggested_actions: d.suggestedActions,
    diagnosed_at: d.diagnosedAt,
    root_cause: d.rootCause ?? null,
    engine: d.engine,
  };
}

function proposalOf(inc: Incident): IncidentDetail["proposal"] {
  const p = inc.status?.proposal;
  if (!p) return null;
  return {
    description: p.description,
    steps: p.steps.map((s) => s.description),
    risk_level: p.riskLevel,
    estimated_duration: p.estimatedDuration,
    rollback_plan: p.rollbackPlan,
    proposed_at: p.proposedAt,
    revision: p.revision,
    actions: p.steps.map((s) => ({ plugin: s.plugin, parameters: s.parameters ?? {} })),
  };
}

function executionOf(inc: Incident): IncidentDetail["execution_result"] {
  const x = inc.status?.execution;
  if (!x) return null;
  return {
    success: x.success ?? null,
    duration: x.durationSeconds ?? null,
    executed_at: x.startedAt,
    completed_at: x.completedAt ?? null,
    output: x.output ?? "",
    steps: x.steps.map((s) => ({ index: s.index, plugin: s.plugin, state: s.state, output: s.output ?? s.error ?? null })),
  };
}

/** `GET /api/incidents/:id`. */
export function toDetail(inc: Incident, deletedAt?: string): IncidentDetail {
  const s = inc.status;
  return {
    ...toListItem(inc),
    description: inc.spec.description ?? "",
    source: inc.spec.source ?? inc.spec.alert.source ?? "",
    fingerprint: inc.spec.fingerprint,
    diagnosis: diagnosisOf(inc),
    proposal: proposalOf(inc),
    execution_result: executionOf(inc),
    policy: s?.policy ? { verdict: s.policy.verdict, reasons: s.policy.reasons, evaluated_at: s.policy.evaluatedAt } : null,
    decisions: (inc.spec.decisions ?? []).map((d) => ({ action: d.action, by: d.by, via: d.via, at: d.at, comment: d.comment ?? null })),
    resolution: s?.resolution ?? null,
    events: toEvents(inc),
    updated_at: updatedAt(inc),
    deleted_at: deletedAt ?? null,
  };
}
