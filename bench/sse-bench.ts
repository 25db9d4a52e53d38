/**
 * The SSE hub on the system clock: the cost of one publish fanned out to
 * many subscribers, and the memory a subscriber that never drains can hold.
 */
import { performance } from "node:perf_hooks";
import { eventsAfter } from "../api/sse/derive-events.js";
import { EventHub } from "../api/sse/event-hub.js";
import type { SseEventInput } from "../api/sse/sse-format.js";
import { benchIncidents } from "./fixtures.js";
import { summarize, type Latency } from "./stats.js";

export interface FanOutResult {
  subscribers: number;
  events: number;
  /** Per publish, in milliseconds. */
  latency: Latency;
  /** Bytes each subscriber received. */
  bytesPerSubscriber: number;
}

export interface StalledResult {
  events: number;
  /** The hub's bound on a blocked subscriber's lag, in events. */
  maxPendingEvents: number;
  /** How many events had been published when the hub closed the stalled subscriber; undefined if it never did. */
  droppedAfter?: number;
  /** heapUsed after minus before, after a full GC when available, in bytes. */
  heapGrowth: number;
  /** The same with no subscriber at all: the replay buffer's own share. */
  baselineHeapGrowth: number;
  /** False when run without --expose-gc: the heap numbers then include garbage. */
  gcAvailable: boolean;
}

/** Real events, as the watch derives them from the timelines of `count` incidents' worth of history. */
export function realEvents(count: number): SseEventInput[] {
  const events: SseEventInput[] = [];
  for (const inc of benchIncidents(Math.ceil(count / 4), 7)) events.push(...eventsAfter(0, inc));
  if (events.length === 0) throw new Error("no SSE events derived from the fixtures");
  return Array.from({ length: count }, (_, i) => events[i % events.length]!);
}

/** Publishes `events` to `subscribers` sinks that accept everything, timing each publish. */
export function benchFanOut(events: readonly SseEventInput[], subscribers: number): FanOutResult {
  const hub = new EventHub();
  let bytes = 0;
  for (let i = 0; i < subscribers; i++) {
    const send = (chunk: string): boolean => {
      bytes += chunk.length;
      return true;
    };
    hub.subscribe({ send, close: () => undefined });
  }
  const samples: number[] = [];
  for (const event of events) {
    const t0 = performance.now();
    hub.publish(event);
    samples.push(performance.now() - t0);
  }
  hub.close();
  return { subscribers, events: events.length, latency: summarize(samples), bytesPerSubscriber: bytes / subscribers };
}

const collect = (): void => {
  if (typeof global.gc === "function") {
    global.gc();
    global.gc();
  }
};

/** heapUsed growth while a fresh hub publishes `events`, with or without one subscriber that never drains. */
function publishAndMeasure(events: readonly SseEventInput[], opts: { stalled: boolean; maxPendingEvents: number }): { growth: number; droppedAfter?: number } {
  const hub = new EventHub({ maxPendingEvents: opts.maxPendingEvents });
  let droppedAfter: number | undefined;
  collect();
  const before = process.memoryUsage().heapUsed;
  if (opts.stalled) hub.subscribe({ send: () => false, close: () => (droppedAfter ??= hub.eventsPublished) });
  for (const event of events) hub.publish(event);
  collect();
  const growth = process.memoryUsage().heapUsed - before;
  hub.close();
  return { growth, ...(droppedAfter === undefined ? {} : { droppedAfter }) };
}

/** Publishes `events` with one subscriber whose socket never drains: when it is dropped, and what the heap holds. */
export function benchStalled(events: readonly SseEventInput[], maxPendingEvents = 256): StalledResult {
  // The hub keeps its last 1000 events for replay whoever listens; measure that first, to tell it apart.
  const baseline = publishAndMeasure(events, { stalled: false, maxPendingEvents });
  const stalled = publishAndMeasure(events, { stalled: true, maxPendingEvents });
  return {
    events: events.length,
    maxPendingEvents,
    ...(stalled.droppedAfter === undefined ? {} : { droppedAfter: stalled.droppedAfter }),
    heapGrowth: stalled.growth,
    baselineHeapGrowth: baseline.growth,
    gcAvailable: typeof global.gc === "function",
  };
}
