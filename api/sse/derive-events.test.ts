import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { deriveSseEvents, eventsAfter, highestSequence, timelineSequence } from "./derive-events.js";
import { entry, escalatedStatus, incident, resolvedLifecycle } from "../../test/fixtures/sse-incidents.js";

const life = resolvedLifecycle();
const at = (i: number | undefined): ReturnType<typeof incident> | undefined => (i === undefined ? undefined : incident("a", life[i]));
const id = "INC-20240115-001";

const created = {
  event: "incident_created",
  data: { id, title: "Pod CrashLoopBackOff", severity: "high", category: "kubernetes", status: "new" },
};
const diagnosed = { event: "diagnosis_completed", data: { incident_id: id, conclusion: "OOMKilled", confidence: 0.95 } };
const proposed = {
  event: "proposal_created",
  data: { incident_id: id, risk_level: "medium", description: "raise the memory limit and restart" },
};
const approvalRequested = {
  event: "approval_requested",
  data: { incident_id: id, risk_level: "medium", reasons: ["risk medium needs approval"] },
};
const executed = { event: "execution_completed", data: { incident_id: id, success: true, duration: 92 } };
const resolved = { event: "incident_resolved", data: { incident_id: id, resolution: "fixed" } };

describe("deriveSseEvents over the operator's own lifecycle", () => {
  it.each([
    ["first status", undefined, 0, [created]],
    ["diagnosis started", 0, 1, []],
    ["diagnosed and proposed in one write", 1, 2, [diagnosed, proposed]],
    ["waiting for approval", 2, 3, [approvalRequested]],
    ["execution started", 3, 4, []],
    ["step started", 4, 5, []],
    ["step finished", 5, 6, []],
    ["execution completed", 6, 7, [executed]],
    ["resolved", 7, 8, [resolved]],
    ["the same status sent again", 8, 8, []],
  ])("%s", (_what, prev, next, expected) => {
    expect(deriveSseEvents(at(prev), at(next)!)).toEqual(expected);
  });

  it("with no previous object, maps the whole timeline in order", () => {
    const events = deriveSseEvents(undefined, at(8)!);
    expect(events.map((e) => e.event)).toEqual([
      "incident_created",
      "diagnosis_completed",
      "proposal_created",
      "approval_requested",
      "execution_completed",
      "incident_resolved",
    ]);
    // The created event reports the phase the incident is in when seen.
    expect(events[0]!.data.status).toBe("resolved");
  });

  it("maps an escalation to incident_escalated with its reason", () => {
    const events = deriveSseEvents(undefined, incident("a", escalatedStatus()));
    expect(events.at(-1)).toEqual({ event: "incident_escalated", data: { incident_id: id, reason: "no safe automatic fix is known" } });
  });
});

describe("deriveSseEvents on hand-made timelines", () => {
  const withTimeline = (timeline: IncidentStatus["timeline"], extra: IncidentStatus = {}): ReturnType<typeof incident> =>
    incident("a", { ...extra, timeline });

  it("sees only entries above the previous highest sequence once the timeline is capped and shifted", () => {
    const prev = withTimeline(Array.from({ length: 100 }, (_, i) => entry(i + 1, "tool_call")));
    const next = withTimeline([
      ...Array.from({ length: 99 }, (_, i) => entry(i + 7, "tool_call")),
      entry(106, "incident_resolved", { resolution: "fixed" }),
    ]);
    expect(deriveSseEvents(prev, next)).toEqual([resolved]);
  });

  it("orders by sequence, not by position in the list", () => {
    const next = withTimeline([entry(3, "incident_resolved", { resolution: "fixed" }), entry(2, "escalated", { reason: "r" })]);
    expect(eventsAfter(1, next).map((e) => e.event)).toEqual(["incident_escalated", "incident_resolved"]);
  });

  it("falls back to status when a timeline entry carries no data", () => {
    const next = withTimeline([entry(1, "execution_completed"), entry(2, "incident_resolved")], {
      execution: { proposalRevision: 1, startedAt: "2024-01-15T10:30:00Z", success: false, durationSeconds: 7, steps: [] },
      resolution: "recovered by itself",
    });
    expect(eventsAfter(0, next)).toEqual([
      { event: "execution_completed", data: { incident_id: id, success: false, duration: 7 } },
      { event: "incident_resolved", data: { incident_id: id, resolution: "recovered by itself" } },
    ]);
  });

  it.each([
    ["alert_repeated"],
    ["diagnosis_started"],
    ["tool_call"],
    ["policy_evaluated"],
    ["approved"],
    ["step_completed"],
    ["verification_completed"],
    ["failed"],
  ] as const)("%s produces no event", (type) => {
    expect(eventsAfter(0, withTimeline([entry(1, type)]))).toEqual([]);
  });
});

describe("sequences", () => {
  it.each([
    ["evt_001", 1],
    ["evt_042", 42],
    ["evt_1234", 1234],
    ["evt_", 0],
    ["event_1", 0],
    ["", 0],
  ])("timelineSequence(%j) = %i", (value, expected) => {
    expect(timelineSequence(value)).toBe(expected);
  });

  it.each([
    ["no status", undefined, 0],
    ["empty timeline", { timeline: [] }, 0],
    ["highest wins, wherever it is", { timeline: [entry(9, "tool_call"), entry(12, "tool_call"), entry(10, "tool_call")] }, 12],
  ])("highestSequence: %s", (_what, status: IncidentStatus | undefined, expected) => {
    expect(highestSequence(incident("a", status))).toBe(expected);
  });
});
