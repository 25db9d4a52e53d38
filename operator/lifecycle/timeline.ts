/** The incident's bounded timeline: newest last, ids `evt_001`, `evt_002`, … never reused. */
import { TIMELINE_LIMIT, type IncidentStatus, type TimelineEvent, type TimelineEventType } from "../../crds/index.js";

import { rfc3339 } from "../../lib/time.js";

export { rfc3339 };

const sequenceOf = (id: string | undefined): number => Number(/^evt_(\d+)$/.exec(id ?? "")?.[1] ?? 0);

/** Returns the timeline with one more event, dropping the oldest beyond the limit. */
export function appendTimeline(
  timeline: TimelineEvent[] | undefined,
  type: TimelineEventType,
  now: Date,
  extra: { message?: string; data?: Record<string, unknown> } = {},
): TimelineEvent[] {
  const events = timeline ?? [];
  const next = sequenceOf(events.at(-1)?.id) + 1;
  const event: TimelineEvent = {
    id: `evt_${String(next).padStart(3, "0")}`,
    type,
    timestamp: rfc3339(now),
    ...(extra.message ? { message: extra.message.slice(0, 4096) } : {}),
    ...(extra.data ? { data: extra.data } : {}),
  };
  return [...events, event].slice(-TIMELINE_LIMIT);
}

/** A status with one more timeline event. */
export function withEvent(
  status: IncidentStatus,
  type: TimelineEventType,
  now: Date,
  extra: { message?: string; data?: Record<string, unknown> } = {},
): IncidentStatus {
  return { ...status, timeline: appendTimeline(status.timeline, type, now, extra) };
}
