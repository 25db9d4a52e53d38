/** Reading Events: when they happened, whether they concern the target, and what they say. */
import type { CoreV1Event } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { podName } from "./pods.js";
import { ownershipOf } from "./workload.js";

/** Milliseconds of a timestamp that may arrive as a Date (client) or a string (JSON). */
export function toMillis(time: unknown): number | undefined {
  if (time instanceof Date) return time.getTime();
  if (typeof time !== "string") return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** When the event last happened, by whichever field its reporter filled in. */
export function eventTime(event: CoreV1Event): number {
  const candidates: unknown[] = [
    event.lastTimestamp,
    event.series?.lastObservedTime,
    event.eventTime,
    event.firstTimestamp,
    event.metadata.creationTimestamp,
  ];
  return candidates.map(toMillis).find((ms) => ms !== undefined) ?? 0;
}

/** Events sorted newest first. */
export const newestFirst = (events: CoreV1Event[]): CoreV1Event[] =>
  [...events].sort((a, b) => eventTime(b) - eventTime(a));

function relatedNames(e: Evidence): Set<string> {
  return new Set([
    e.target.name,
    ...e.pods.map(podName),
    ...e.replicaSets.map((rs) => rs.metadata?.name ?? ""),
    ...e.deployments.map((d) => d.metadata?.name ?? ""),
    // The owners read from the cluster: a ReplicaSet's FailedCreate, a Job's BackoffLimitExceeded.
    ...e.pods.flatMap((p) => (ownershipOf(e, p)?.chain ?? []).map((l) => l.name)),
    ...e.pvcs.map((pvc) => pvc.metadata?.name ?? ""),
    ...e.nodes.map((node) => node.metadata?.name ?? ""),
    e.service?.metadata?.name ?? "",
  ]);
}

/** The alphabet Kubernetes draws generated name suffixes from: no vowels, no look-alike digits. */
const SAFE = "[bcdfghjklmnpqrstvwxz2456789]";

/** True for a ReplicaSet ("web-5f7c9d4b8") or pod ("web-5f7c9d4b8-x2x9k") name the Deployment's controller would generate. */
export function isGeneratedFor(name: string, deployment: string): boolean {
  if (!name.startsWith(`${deployment}-`)) return false;
  return new RegExp(`^${SAFE}{6,10}(-${SAFE}{5})?$`).test(name.slice(deployment.length + 1));
}

/**
 * Events about the target, its pods, their owners, ReplicaSets, claims and nodes. A namespace-wide
 * list also holds other workloads' events. Objects gone since (a ReplicaSet, a pod) are recognised by
 * the names the controller generates for a Deployment that was read from the cluster; this only
 * picks events to read, never the object a fix writes.
 */
export function targetEvents(e: Evidence): CoreV1Event[] {
  if (e.target.kind === "Namespace") return e.events;
  const names = relatedNames(e);
  const targetDeployment = e.target.kind === "Deployment" ? [e.target.name] : [];
  const deployments = [...targetDeployment, ...e.deployments.map((d) => d.metadata?.name ?? "")].filter((n) => n !== "");
  return e.events.filter((ev) => {
    const name = ev.involvedObject.name ?? "";
    return names.has(name) || deployments.some((d) => isGeneratedFor(name, d));
  });
}

/** What to look for in an event. */
export interface EventQuery {
  reason?: string | RegExp;
  message?: RegExp;
  kind?: string;
}

const matchesReason = (event: CoreV1Event, reason: string | RegExp | undefined): boolean =>
  reason === undefined || (typeof reason === "string" ? event.reason === reason : reason.test(event.reason ?? ""));

/** The target's events that match every given part of the query, newest first. */
export function findEvents(e: Evidence, query: EventQuery): CoreV1Event[] {
  return targetEvents(e).filter(
    (ev) =>
      matchesReason(ev, query.reason) &&
      (query.message === undefined || query.message.test(ev.message ?? "")) &&
      (query.kind === undefined || ev.involvedObject.kind === query.kind),
  );
}

const MESSAGE_LIMIT = 300;

/** One event as a short evidence line: type, reason, object, count and message. */
export function describeEvent(event: CoreV1Event): string {
  const count = (event.count ?? 1) > 1 ? ` x${event.count}` : "";
  const message = (event.message ?? "").replace(/\s+/g, " ").slice(0, MESSAGE_LIMIT);
  const object = `${event.involvedObject.kind ?? "?"}/${event.involvedObject.name ?? "?"}`;
  return `event ${event.type ?? "Normal"} ${event.reason ?? "?"} ${object}${count}: ${message}`;
}

/** At most `limit` events as evidence lines. */
export const describeEvents = (events: CoreV1Event[], limit = 3): string[] => events.slice(0, limit).map(describeEvent);
