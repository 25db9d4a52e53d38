/**
 * Pure mapping from an incident's timeline to SSE events. The timeline ids
 * (`evt_001`, `evt_002`, …) only grow and are never reused, so "what is new"
 * is every entry whose sequence is above the highest one already published.
 */
import type { TimelineEvent, TimelineEventType } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import type { SseEventInput } from "./sse-format.js";

type DataBuilder = (incident: Incident, event: TimelineEvent) => SseEventInput;

/** The numeric part of a timeline id; 0 for anything else. */
export function timelineSequence(id: string): number {
  const match = /^evt_(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

/** The highest timeline sequence of `incident`, 0 when it has no timeline. */
export function highestSequence(incident: Incident): number {
  return (incident.status?.timeline ?? []).reduce((max, e) => Math.max(max, timelineSequence(e.id)), 0);
}

const field = (event: TimelineEvent, key: string): unknown => event.data?.[key];

const BUILDERS: Partial<Record<TimelineEventType, DataBuilder>> = {
  alert_received: (inc) => ({
    event: "incident_created",
    data: {
      id: inc.spec.id,
      title: inc.spec.title,
      severity: inc.spec.severity,
      category: inc.spec.category,
      status: inc.status?.phase ?? "new",
    },
  }),
  // The timeline entry holds the values of that moment; status may already hold a later diagnosis or proposal.
  diagnosis_completed: (inc, e) => ({
    event: "diagnosis_completed",
    data: {
      incident_id: inc.spec.id,
      conclusion: field(e, "conclusion") ?? inc.status?.diagnosis?.conclusion ?? e.message ?? "",
      confidence: field(e, "confidence") ?? inc.status?.diagnosis?.confidence ?? null,
    },
  }),
  proposal_created: (inc, e) => ({
    event: "proposal_created",
    data: {
      incident_id: inc.spec.id,
      risk_level: field(e, "risk_level") ?? inc.status?.proposal?.riskLevel ?? null,
      description: e.message ?? inc.status?.proposal?.description ?? "",
    },
  }),
  approval_requested: (inc, e) => ({
    event: "approval_requested",
    data: {
      incident_id: inc.spec.id,
      risk_level: field(e, "risk_level") ?? inc.status?.proposal?.riskLevel ?? null,
      reasons: field(e, "reasons") ?? inc.status?.policy?.reasons ?? [],
    },
  }),
  execution_completed: (inc, e) => ({
    event: "execution_completed",
    data: {
      incident_id: inc.spec.id,
      success: field(e, "success") ?? inc.status?.execution?.success ?? false,
      duration: field(e, "duration") ?? inc.status?.execution?.durationSeconds ?? 0,
    },
  }),
  incident_resolved: (inc, e) => ({
    event: "incident_resolved",
    data: { incident_id: inc.spec.id, resolution: field(e, "resolution") ?? inc.status?.resolution ?? "fixed" },
  }),
  escalated: (inc, e) => ({
    event: "incident_escalated",
    data: { incident_id: inc.spec.id, reason: field(e, "reason") ?? e.message ?? "" },
  }),
};

/** SSE events for the timeline entries of `next` above sequence `since`, oldest first. */
export function eventsAfter(since: number, next: Incident): SseEventInput[] {
  return (next.status?.timeline ?? [])
    .map((event) => ({ event, seq: timelineSequence(event.id) }))
    .filter((x) => x.seq > since)
    .sort((a, b) => a.seq - b.seq)
    .flatMap(({ event }) => {
      const build = BUILDERS[event.type];
      return build ? [build(next, event)] : [];
    });
}

/** SSE events for what `next` added to the timeline since `prev`; with no `prev`, for its whole timeline. */
export function deriveSseEvents(prev: Incident | undefined, next: Incident): SseEventInput[] {
  return eventsAfter(prev ? highestSequence(prev) : 0, next);
}
