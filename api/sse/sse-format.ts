/** The events of `GET /api/events` and how they are written on the wire. */

/** Names of the events the stream carries; `replay_gap` is the hub's own. */
export type SseEventName =
  | "incident_created"
  | "diagnosis_completed"
  | "proposal_created"
  | "approval_requested"
  | "execution_completed"
  | "incident_resolved"
  | "incident_escalated"
  | "replay_gap";

/** An event before the hub has given it an id. */
export interface SseEventInput {
  event: SseEventName;
  data: Record<string, unknown>;
}

/** An event as published, with its id. */
export interface SseEvent extends SseEventInput {
  id: string;
}

/**
 * Tells a client that events after `lastEventId` may have been missed. Its id
 * is the current position, so a later reconnect resumes from here.
 */
export function replayGap(at: { id: string; lastEventId: string; oldest: string | null }): SseEvent {
  // The client's header is echoed back; cap it so it cannot inflate the frame.
  return { id: at.id, event: "replay_gap", data: { last_event_id: at.lastEventId.slice(0, 256), oldest_available: at.oldest } };
}

/** Sent every heartbeat interval; a comment line, which EventSource ignores. */
export const HEARTBEAT_CHUNK = ": heartbeat\n\n";

/** Tells EventSource how long to wait before reconnecting. */
export const retryChunk = (ms: number): string => `retry: ${ms}\n\n`;

/** One event as an SSE frame; JSON.stringify never emits a raw newline, so `data` stays one line. */
export function formatEvent(e: SseEvent): string {
  return `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/**
 * A frame with only an id. EventSource stores it as its last event id
 * without dispatching anything, so a client that has seen no event yet still
 * sends Last-Event-ID when it reconnects and misses nothing.
 */
export const cursorChunk = (id: string): string => `id: ${id}\n\n`;
