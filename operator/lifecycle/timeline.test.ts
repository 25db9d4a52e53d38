import { describe, expect, it } from "vitest";
import { TIMELINE_LIMIT } from "../../crds/index.js";
import { appendTimeline, rfc3339 } from "./timeline.js";

const now = new Date("2026-01-15T10:30:00.456Z");

describe("appendTimeline", () => {
  it("numbers events from evt_001 with whole-second timestamps", () => {
    const t = appendTimeline(appendTimeline(undefined, "alert_received", now), "diagnosis_started", now, { message: "m" });
    expect(t.map((e) => e.id)).toEqual(["evt_001", "evt_002"]);
    expect(t[0]!.timestamp).toBe("2026-01-15T10:30:00Z");
    expect(t[1]!.message).toBe("m");
  });

  it("keeps the newest events and never reuses an id once the limit is reached", () => {
    let t = appendTimeline(undefined, "alert_received", now);
    for (let i = 0; i < TIMELINE_LIMIT + 5; i++) t = appendTimeline(t, "tool_call", now);
    expect(t).toHaveLength(TIMELINE_LIMIT);
    expect(t.at(-1)!.id).toBe(`evt_${TIMELINE_LIMIT + 6}`);
    expect(t[0]!.id).toBe("evt_007");
  });

  it.each([
    ["2026-01-15T10:30:00.000Z", "2026-01-15T10:30:00Z"],
    ["2026-12-31T23:59:59.999Z", "2026-12-31T23:59:59Z"],
  ])("rfc3339(%s) = %s", (iso, expected) => {
    expect(rfc3339(new Date(iso))).toBe(expected);
  });
});
