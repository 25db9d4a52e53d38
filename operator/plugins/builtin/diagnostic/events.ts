/** Core/v1 Events: fetched for a namespace or for some objects, newest first, bounded. */
import type { ConfigurationOptions, CoreV1Api, CoreV1Event } from "@kubernetes/client-node";
import { trimObject } from "./trim.js";

/** The most events a plugin returns. */
export const MAX_EVENTS = 50;
/** The most events one list request reads, so that a noisy namespace cannot flood the operator. */
export const EVENT_SCAN_LIMIT = 1000;

/** An object that events are about. */
export interface Involved {
  kind: string;
  name: string;
}

/** Milliseconds since the epoch of a Date, an RFC 3339 string (MicroTime arrives as one), or nothing. */
function millis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") return Date.parse(value) || 0;
  return 0;
}

/** When the event last happened: series and lastTimestamp for repeats, eventTime for events.k8s.io writers. */
export function lastSeen(event: CoreV1Event): number {
  return Math.max(
    millis(event.series?.lastObservedTime),
    millis(event.lastTimestamp),
    millis(event.eventTime),
    millis(event.firstTimestamp),
    millis(event.metadata?.creationTimestamp),
  );
}

/** How many times the event happened. */
export function occurrences(event: CoreV1Event): number {
  return event.series?.count ?? event.count ?? 1;
}

/** A sorted copy, newest first. */
export function newestFirst(events: readonly CoreV1Event[]): CoreV1Event[] {
  return [...events].sort((a, b) => lastSeen(b) - lastSeen(a));
}

/** "BackOff ×6, Scheduled ×2", the reasons most frequent first. */
export function reasonDigest(events: readonly CoreV1Event[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.reason ?? "?", (counts.get(e.reason ?? "?") ?? 0) + occurrences(e));
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${reason} ×${n}`)
    .join(", ");
}

/** The field selector for events about one object, optionally of one type. */
export function eventFieldSelector(involved?: Partial<Involved>, type?: string): string | undefined {
  const parts = [
    involved?.kind ? `involvedObject.kind=${involved.kind}` : "",
    involved?.name ? `involvedObject.name=${involved.name}` : "",
    type ? `type=${type}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(",") : undefined;
}

/** Lists the namespace's events matching `fieldSelector`; `truncated` when there were more than the scan limit. */
export async function listEvents(
  core: CoreV1Api,
  namespace: string,
  fieldSelector: string | undefined,
  options: ConfigurationOptions,
): Promise<{ events: CoreV1Event[]; truncated: boolean }> {
  const list = await core.listNamespacedEvent(
    { namespace, limit: EVENT_SCAN_LIMIT, ...(fieldSelector ? { fieldSelector } : {}) },
    options,
  );
  return { events: newestFirst(list.items), truncated: Boolean(list.metadata?._continue) };
}

/** Events about any of `objects`, newest first, trimmed, at most MAX_EVENTS. */
export async function eventsAbout(
  core: CoreV1Api,
  namespace: string,
  objects: readonly Involved[],
  options: ConfigurationOptions,
): Promise<CoreV1Event[]> {
  const lists = await Promise.all(
    objects.map((o) => listEvents(core, namespace, eventFieldSelector(o), options).then((r) => r.events)),
  );
  return newestFirst(lists.flat()).slice(0, MAX_EVENTS).map(trimObject);
}
