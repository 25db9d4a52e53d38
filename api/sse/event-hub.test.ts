import { describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/controller/clock.js";
import { EventHub, type EventHubOptions } from "./event-hub.js";
import type { SseEventInput } from "./sse-format.js";
import { FakeSink } from "./test-sink.js";

const EPOCH = "hub1";
const ev = (n: number): SseEventInput => ({ event: "incident_resolved", data: { incident_id: `INC-20240115-${n}`, resolution: "fixed" } });
const idOf = (seq: number): string => `${EPOCH}-${seq}`;
const ids = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => idOf(from + i));

function setup(opts: EventHubOptions = {}): { hub: EventHub; clock: FakeClock; publish: (from: number, to: number) => void } {
  const clock = new FakeClock(1_000_000);
  const hub = new EventHub({ clock, epoch: EPOCH, ...opts });
  const publish = (from: number, to: number): void => {
    for (let n = from; n <= to; n++) hub.publish(ev(n));
  };
  return { hub, clock, publish };
}

describe("EventHub publishing", () => {
  it("numbers events in order and writes each as one SSE frame", () => {
    const { hub } = setup();
    const sink = new FakeSink();
    hub.subscribe(sink.options());
    const first = hub.publish({ event: "incident_created", data: { id: "INC-20240115-001", title: "a\nb", severity: "high" } });
    hub.publish(ev(2));
    expect(first.id).toBe(idOf(1));
    expect(hub.newestId).toBe(idOf(2));
    expect(sink.chunks[0]).toBe(`id: ${idOf(0)}\n\n`);
    expect(sink.chunks[1]).toBe(
      `id: ${idOf(1)}\nevent: incident_created\ndata: {"id":"INC-20240115-001","title":"a\\nb","severity":"high"}\n\n`,
    );
    expect(sink.eventIds()).toEqual(ids(1, 2));
    expect(hub.eventsPublished).toBe(2);
  });

  it("sends nothing after unsubscribe, and unsubscribe and drained afterwards are harmless", () => {
    const { hub, publish } = setup();
    const sink = new FakeSink();
    const sub = hub.subscribe(sink.options());
    publish(1, 1);
    sub.unsubscribe();
    sub.unsubscribe();
    sub.drained();
    publish(2, 3);
    expect(sink.eventIds()).toEqual(ids(1, 1));
    expect(hub.subscriberCount).toBe(0);
  });
});

describe("EventHub replay after reconnect", () => {
  it("delivers every event missed while disconnected exactly once, then live ones", () => {
    const { hub, publish } = setup();
    const before = new FakeSink();
    const first = hub.subscribe(before.options());
    publish(1, 3);
    first.unsubscribe();
    publish(4, 6);
    const after = new FakeSink();
    hub.subscribe(after.options(before.eventIds().at(-1)));
    publish(7, 8);
    expect([...before.eventIds(), ...after.eventIds()]).toEqual(ids(1, 8));
  });

  it("replays from the bare id frame of a client that had seen no event yet", () => {
    const { hub, publish } = setup();
    publish(1, 2);
    const before = new FakeSink();
    hub.subscribe(before.options()).unsubscribe();
    const cursor = before.frames()[0]!.id!;
    publish(3, 4);
    const after = new FakeSink();
    hub.subscribe(after.options(cursor));
    expect(cursor).toBe(idOf(2));
    expect(after.eventIds()).toEqual(ids(3, 4));
  });

  it.each([
    ["the newest id", idOf(5), [], false],
    ["an id in the buffer", idOf(3), ids(4, 5), false],
    ["the id just before the oldest kept", idOf(2), ids(3, 5), false],
    ["an id older than the buffer", idOf(1), [], true],
    ["an id from another hub", "otherhub-4", [], true],
    ["an id ahead of this hub", idOf(9), [], true],
    ["something that is not an id", "garbage!", [], true],
  ])("capacity 3, 5 published, resuming after %s", (_what, lastEventId, replayed, gap) => {
    const { hub, publish } = setup({ capacity: 3 });
    publish(1, 5);
    const sink = new FakeSink();
    hub.subscribe(sink.options(lastEventId));
    publish(6, 6);
    const gapFrames = sink.events().filter((f) => f.event === "replay_gap");
    expect(gapFrames.length).toBe(gap ? 1 : 0);
    if (gap) expect(gapFrames[0]).toEqual({ id: idOf(5), event: "replay_gap", data: { last_event_id: lastEventId, oldest_available: idOf(3) } });
    expect(sink.events().filter((f) => f.event !== "replay_gap").map((f) => f.id)).toEqual([...replayed, idOf(6)]);
  });

  it("forgets events older than the replay window", () => {
    const { hub, clock, publish } = setup({ replayWindowMs: 1000 });
    publish(1, 1);
    clock.advance(600);
    publish(2, 2);
    clock.advance(600);
    const late = new FakeSink();
    hub.subscribe(late.options(idOf(0)));
    const inTime = new FakeSink();
    hub.subscribe(inTime.options(idOf(1)));
    expect(late.events()[0]).toMatchObject({ event: "replay_gap", data: { oldest_available: idOf(2) } });
    expect(inTime.eventIds()).toEqual(ids(2, 2));
  });

  it("reports a gap with no oldest event when everything has expired", () => {
    const { hub, clock, publish } = setup({ replayWindowMs: 1000 });
    publish(1, 2);
    clock.advance(5000);
    const sink = new FakeSink();
    hub.subscribe(sink.options(idOf(1)));
    expect(sink.events()).toEqual([{ id: idOf(2), event: "replay_gap", data: { last_event_id: idOf(1), oldest_available: null } }]);
  });
});

describe("EventHub and slow subscribers", () => {
  it("drops a backpressured subscriber past the event bound while a fast one gets everything", () => {
    const { hub, publish } = setup({ maxPendingEvents: 5 });
    const fast = new FakeSink();
    const slow = new FakeSink();
    hub.subscribe(fast.options());
    hub.subscribe(slow.options());
    publish(1, 1);
    slow.accepting = false;
    publish(2, 7);
    expect(slow.closed).toBe(0);
    publish(8, 8);
    publish(9, 20);
    expect(fast.eventIds()).toEqual(ids(1, 20));
    expect(slow.closed).toBe(1);
    expect(slow.eventIds()).toEqual(ids(1, 2));
    expect(hub.subscribersDroppedSlow).toBe(1);
    expect(hub.subscriberCount).toBe(1);
  });

  it("drops a backpressured subscriber past the byte bound", () => {
    const { hub, publish } = setup({ maxPendingBytes: 300 });
    const slow = new FakeSink();
    slow.accepting = false;
    hub.subscribe(slow.options());
    publish(1, 3);
    expect(slow.closed).toBe(0);
    publish(4, 6);
    expect(slow.closed).toBe(1);
  });

  it("resumes a subscriber in order, without loss or duplicates, once its socket drains", () => {
    const { hub, publish } = setup({ maxPendingEvents: 5 });
    const sink = new FakeSink();
    const sub = hub.subscribe(sink.options());
    sink.accepting = false;
    publish(1, 4);
    expect(sink.eventIds()).toEqual(ids(1, 1));
    sink.accepting = true;
    sub.drained();
    publish(5, 6);
    expect(sink.eventIds()).toEqual(ids(1, 6));
  });

  it("lets a dropped subscriber reconnect and receive the rest exactly once", () => {
    const { hub, publish } = setup({ maxPendingEvents: 2 });
    const slow = new FakeSink();
    hub.subscribe(slow.options());
    publish(1, 2);
    slow.accepting = false;
    publish(3, 10);
    expect(slow.closed).toBe(1);
    const again = new FakeSink();
    hub.subscribe(again.options(slow.eventIds().at(-1)));
    expect([...slow.eventIds(), ...again.eventIds()]).toEqual(ids(1, 10));
  });

  it("does not count a long replay as lag: it is paced by drains", () => {
    const { hub, publish } = setup({ maxPendingEvents: 2 });
    publish(1, 50);
    const sink = new FakeSink();
    sink.accepting = false;
    const sub = hub.subscribe(sink.options(idOf(0)));
    for (let i = 0; i < 60 && sink.eventIds().length < 50; i++) sub.drained();
    expect(sink.closed).toBe(0);
    expect(sink.eventIds()).toEqual(ids(1, 50));
  });

  it("drops a subscriber stuck in replay once the events it still needs leave the buffer", () => {
    const { hub, publish } = setup({ capacity: 10, maxPendingEvents: 100 });
    publish(1, 10);
    const sink = new FakeSink();
    sink.accepting = false;
    hub.subscribe(sink.options(idOf(0)));
    // Event 1 went out before the socket blocked; event 2 is still kept after 11 arrives, not after 12.
    publish(11, 11);
    expect(sink.closed).toBe(0);
    publish(12, 12);
    expect(sink.closed).toBe(1);
    expect(sink.eventIds()).toEqual(ids(1, 1));
  });
});

describe("EventHub heartbeats and close", () => {
  it("sends a heartbeat comment on the clock to every subscriber that is not backpressured", () => {
    const { hub, clock } = setup({ heartbeatMs: 1000 });
    const a = new FakeSink();
    const blocked = new FakeSink();
    hub.subscribe(a.options());
    hub.subscribe(blocked.options());
    blocked.accepting = false;
    clock.advance(999);
    expect(a.heartbeats()).toBe(0);
    clock.advance(1);
    expect(a.heartbeats()).toBe(1);
    expect(blocked.heartbeats()).toBe(1);
    clock.advance(3000);
    expect(a.heartbeats()).toBe(4);
    expect(blocked.heartbeats()).toBe(1);
    expect(a.chunks.at(-1)).toBe(": heartbeat\n\n");
  });

  it("runs one heartbeat timer, only while someone listens", () => {
    const { hub, clock } = setup();
    expect(clock.pendingTimers()).toBe(0);
    const subs = [new FakeSink(), new FakeSink()].map((s) => hub.subscribe(s.options()));
    expect(clock.pendingTimers()).toBe(1);
    subs.forEach((s) => s.unsubscribe());
    expect(clock.pendingTimers()).toBe(0);
  });

  it("close ends every subscriber, stops the timer and turns later subscribers away", () => {
    const { hub, clock, publish } = setup();
    const sinks = [new FakeSink(), new FakeSink()];
    sinks.forEach((s) => hub.subscribe(s.options()));
    hub.close();
    publish(1, 1);
    const late = new FakeSink();
    hub.subscribe(late.options());
    expect(sinks.map((s) => [s.closed, s.eventIds().length])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(late.closed).toBe(1);
    expect(hub.subscriberCount).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
