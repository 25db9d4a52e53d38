import type { CoreV1Event } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { eventFieldSelector, lastSeen, newestFirst, reasonDigest } from "./events.js";

function event(reason: string, times: Partial<CoreV1Event>, count?: number): CoreV1Event {
  return { involvedObject: { kind: "Pod", name: "p" }, metadata: { name: reason }, reason, count, ...times };
}

const at = (iso: string): Date => new Date(iso);

describe("lastSeen", () => {
  it.each<[string, CoreV1Event, string]>([
    ["lastTimestamp", event("a", { lastTimestamp: at("2026-01-01T10:00:05Z"), firstTimestamp: at("2026-01-01T10:00:00Z") }), "2026-01-01T10:00:05Z"],
    ["a MicroTime string in eventTime", event("b", { eventTime: "2026-01-01T10:00:07.123456Z" as unknown as Date }), "2026-01-01T10:00:07.123Z"],
    [
      "a series' last observation",
      event("c", { eventTime: at("2026-01-01T10:00:00Z"), series: { count: 4, lastObservedTime: at("2026-01-01T10:09:00Z") } }),
      "2026-01-01T10:09:00Z",
    ],
    ["only the creation time", { involvedObject: {}, metadata: { creationTimestamp: at("2026-01-01T09:00:00Z") } }, "2026-01-01T09:00:00Z"],
  ])("reads %s", (_name, e, iso) => {
    expect(lastSeen(e)).toBe(Date.parse(iso));
  });
});

describe("newestFirst and reasonDigest", () => {
  const events = [
    event("Scheduled", { lastTimestamp: at("2026-01-01T10:00:00Z") }, 1),
    event("BackOff", { lastTimestamp: at("2026-01-01T10:05:00Z") }, 6),
    event("Pulled", { eventTime: "2026-01-01T10:02:00.000001Z" as unknown as Date }),
  ];

  it("sorts newest first without changing the input", () => {
    expect(newestFirst(events).map((e) => e.reason)).toEqual(["BackOff", "Pulled", "Scheduled"]);
    expect(events[0]!.reason).toBe("Scheduled");
  });

  it("counts occurrences per reason, most frequent first", () => {
    expect(reasonDigest([...events, event("Scheduled", {}, 2)])).toBe("BackOff ×6, Scheduled ×3, Pulled ×1");
  });
});

describe("eventFieldSelector", () => {
  it.each<[Parameters<typeof eventFieldSelector>[0], string | undefined, string | undefined]>([
    [undefined, undefined, undefined],
    [{ kind: "Pod", name: "web" }, undefined, "involvedObject.kind=Pod,involvedObject.name=web"],
    [{ name: "web" }, "Warning", "involvedObject.name=web,type=Warning"],
    [undefined, "Normal", "type=Normal"],
  ])("%j type %s", (involved, type, selector) => {
    expect(eventFieldSelector(involved, type)).toBe(selector);
  });
});
