/**
 * Time as an input of every rule: which time-stamped facts of the evidence happened within the
 * freshness window before the alert, and the fresh view of the evidence the rules decide on.
 *
 * Dated ("this happened then"): a container's lastState.terminated and state.terminated
 * (finishedAt) and events (their last occurrence). Current ("this is so now", whatever its
 * lastTransitionTime): container waiting/running states, pod and node conditions, phases.
 */
import type { CoreV1Event, V1ContainerState, V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { windowStart, type FreshnessWindow } from "../freshness-window.js";
import { toMillis } from "./events.js";
import { podName, type PodContainer } from "./pods.js";

/** A fact of the evidence that happened at a known (or unrecorded) time. */
export interface DatedFact {
  /** Stable within one evidence: which event or which container state. */
  id: string;
  /** The object, e.g. "Pod production/web-1". */
  object: string;
  /** What happened, e.g. "container app lastState.terminated reason=OOMKilled exitCode=137". */
  fact: string;
  /** Milliseconds; undefined when the object records no time (judged stale: it cannot be shown fresh). */
  at?: number;
  /** A failure worth naming when it is too old (not a Normal event or a clean exit). */
  notable: boolean;
}

/** A dated fact outside the window, with its age at the alert. */
export interface StaleFact extends DatedFact {
  ageMs?: number;
}

/** The last time an event happened, by the latest of the fields its reporter filled in. */
export function lastOccurrence(event: CoreV1Event): number | undefined {
  const times = [event.lastTimestamp, event.series?.lastObservedTime, event.eventTime]
    .map(toMillis)
    .filter((ms): ms is number => ms !== undefined && ms > 0);
  if (times.length > 0) return Math.max(...times);
  return toMillis(event.firstTimestamp) ?? toMillis(event.metadata.creationTimestamp);
}

const eventId = (i: number): string => `event/${i}`;
const stateId = (pod: number, container: string, which: "lastState" | "state"): string => `pod/${pod}/${container}/${which}`;

function eventFact(event: CoreV1Event, i: number): DatedFact {
  const o = event.involvedObject;
  const count = (event.count ?? 1) > 1 ? ` x${event.count}` : "";
  const message = (event.message ?? "").replace(/\s+/g, " ").slice(0, 160);
  return {
    id: eventId(i),
    object: `${o.kind ?? "?"} ${o.namespace ?? event.metadata.namespace ?? "-"}/${o.name ?? "?"}`,
    fact: `event ${event.type ?? "Normal"} ${event.reason ?? "?"}${count}: ${message}`,
    at: lastOccurrence(event),
    notable: event.type === "Warning",
  };
}

function terminationFacts(pod: V1Pod, i: number, status: V1ContainerStatus): DatedFact[] {
  const object = `Pod ${pod.metadata?.namespace ?? "-"}/${podName(pod)}`;
  return (["lastState", "state"] as const).flatMap((which) => {
    const t = status[which]?.terminated;
    if (t === undefined) return [];
    const fact = `container ${status.name} ${which}.terminated reason=${t.reason ?? "-"} exitCode=${t.exitCode}`;
    const notable = t.exitCode !== 0 || t.reason !== "Completed";
    return [{ id: stateId(i, status.name, which), object, fact, at: toMillis(t.finishedAt), notable }];
  });
}

const statusesOf = (pod: V1Pod): V1ContainerStatus[] => [
  ...(pod.status?.initContainerStatuses ?? []),
  ...(pod.status?.containerStatuses ?? []),
];

/** Every dated fact of the evidence: events and container terminations. */
export function datedFacts(e: Evidence): DatedFact[] {
  const pods = e.pods.flatMap((pod, i) => statusesOf(pod).flatMap((s) => terminationFacts(pod, i, s)));
  return [...e.events.map(eventFact), ...pods];
}

/** True when the fact happened within the window (or after the alert); an unrecorded time is not fresh. */
export const isFresh = (fact: DatedFact, w: FreshnessWindow): boolean => fact.at !== undefined && fact.at >= windowStart(w);

type Keep = (id: string) => boolean;

/** A state without its termination when that termination is not kept. */
function pruneState(state: V1ContainerState | undefined, keep: boolean): V1ContainerState | undefined {
  if (state?.terminated === undefined || keep) return state;
  const { terminated: _dropped, ...rest } = state;
  return rest;
}

function pruneStatus(status: V1ContainerStatus, pod: number, keep: Keep): V1ContainerStatus {
  const lastState = pruneState(status.lastState, keep(stateId(pod, status.name, "lastState")));
  const state = pruneState(status.state, keep(stateId(pod, status.name, "state")));
  return { ...status, ...(lastState === undefined ? {} : { lastState }), ...(state === undefined ? {} : { state }) };
}

function prunePod(pod: V1Pod, i: number, keep: Keep): V1Pod {
  if (pod.status === undefined) return pod;
  const prune = (list: V1ContainerStatus[] | undefined): V1ContainerStatus[] | undefined =>
    list?.map((s) => pruneStatus(s, i, keep));
  const initContainerStatuses = prune(pod.status.initContainerStatuses);
  const containerStatuses = prune(pod.status.containerStatuses);
  return {
    ...pod,
    status: {
      ...pod.status,
      ...(initContainerStatuses === undefined ? {} : { initContainerStatuses }),
      ...(containerStatuses === undefined ? {} : { containerStatuses }),
    },
  };
}

/** The evidence with only the dated facts `keep` accepts; current state is untouched. */
export function viewKeeping(e: Evidence, keep: Keep): Evidence {
  const { freshness: _window, ...rest } = e;
  return { ...rest, events: e.events.filter((_, i) => keep(eventId(i))), pods: e.pods.map((pod, i) => prunePod(pod, i, keep)) };
}

/** The evidence split by the window: the fresh view the rules decide on, and what was too old. */
export interface FreshnessSplit {
  window: FreshnessWindow;
  fresh: Evidence;
  freshIds: ReadonlySet<string>;
  stale: StaleFact[];
}

/** Splits the evidence: rules see only fresh dated facts (and the window, for restart counts). */
export function splitByFreshness(e: Evidence, w: FreshnessWindow): FreshnessSplit {
  const facts = datedFacts(e);
  const freshIds = new Set(facts.filter((f) => isFresh(f, w)).map((f) => f.id));
  const stale = facts
    .filter((f) => !freshIds.has(f.id))
    .map((f): StaleFact => (f.at === undefined ? f : { ...f, ageMs: w.reference.getTime() - f.at }))
    .sort((a, b) => (a.ageMs ?? Infinity) - (b.ageMs ?? Infinity));
  return { window: w, fresh: { ...viewKeeping(e, (id) => freshIds.has(id)), freshness: w }, freshIds, stale };
}

const windowMs = (w: FreshnessWindow): number => w.minutes * 60_000;

/** Confidence left after halving once per window of age; never below this floor. */
const MIN_FACTOR = 0.05;

/** How much a stale fact of this age still counts: 0.5 at the window's edge, halving each further window. */
export function agePenalty(ageMs: number | undefined, w: FreshnessWindow): number {
  if (ageMs === undefined) return MIN_FACTOR;
  return Math.max(MIN_FACTOR, 0.5 ** (ageMs / windowMs(w)));
}

const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** A duration as its two largest units (seconds only under a minute), e.g. "21d 3h", "2h 5m", "45m", "30s". */
export function formatAge(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total < 60_000) return `${Math.floor(total / 1000)}s`;
  const first = UNITS.findIndex(([, size]) => total >= size);
  const [unit, size] = UNITS[first] as [string, number];
  const next = UNITS[first + 1];
  const head = `${Math.floor(total / size)}${unit}`;
  return next === undefined || next[0] === "s" ? head : `${head} ${Math.floor((total % size) / next[1])}${next[0]}`;
}

/**
 * Restarts of a container that count as recent: none without a (fresh) last termination; all of
 * them when the pod started within the window or the kubelet is backing it off now (a fresh
 * BackOff event); otherwise only the one last termination is known to be recent.
 */
export function recentRestarts(e: Evidence, c: PodContainer): number {
  if (c.status.lastState?.terminated === undefined) return 0;
  const w = e.freshness;
  if (w === undefined) return c.status.restartCount;
  const started = toMillis(c.pod.status?.startTime) ?? toMillis(c.pod.metadata?.creationTimestamp);
  const backingOff = e.events.some((ev) => ev.reason === "BackOff" && ev.involvedObject.name === podName(c.pod));
  return (started !== undefined && started >= windowStart(w)) || backingOff ? c.status.restartCount : Math.min(1, c.status.restartCount);
}
