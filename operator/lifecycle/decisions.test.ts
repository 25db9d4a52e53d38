import { describe, expect, it } from "vitest";
import type { Decision, IncidentPhase } from "../../crds/index.js";
import { decisionOutcome } from "./decisions.js";

const decision = (action: Decision["action"], extra: Partial<Decision> = {}): Decision => ({
  action,
  by: "alice",
  via: "kubectl",
  at: "2026-01-15T10:30:00Z",
  ...extra,
});

describe("decisionOutcome", () => {
  it.each<[IncidentPhase, Decision, number | undefined, IncidentPhase | undefined, string]>([
    ["awaiting_approval", decision("approve"), 1, "executing", "approved"],
    ["awaiting_approval", decision("approve", { proposalRevision: 1 }), 1, "executing", "approved"],
    ["awaiting_approval", decision("approve", { proposalRevision: 1 }), 2, undefined, "policy_evaluated"],
    ["diagnosing", decision("approve"), 1, undefined, "policy_evaluated"],
    ["awaiting_approval", decision("reject", { comment: "too risky" }), 1, "rejected", "rejected"],
    ["awaiting_confirmation", decision("confirm_diagnosis"), undefined, "proposing", "diagnosis_confirmed"],
    ["proposing", decision("confirm_diagnosis"), undefined, undefined, "policy_evaluated"],
    ["executing", decision("reject"), 1, undefined, "policy_evaluated"],
    ["verifying", decision("ignore"), 1, undefined, "policy_evaluated"],
    ["new", decision("ignore"), undefined, "ignored", "ignored"],
    ["executing", decision("escalate"), 1, "escalated", "escalated"],
  ])("in %s, %o -> %s", (phase, d, revision, next, event) => {
    const outcome = decisionOutcome(phase, d, revision);
    expect(outcome.phase).toBe(next);
    expect(outcome.event).toBe(event);
    expect(outcome.note).toContain("alice");
  });

  it("keeps the rejection comment in the note", () => {
    expect(decisionOutcome("awaiting_approval", decision("reject", { comment: "too risky" }), 1).note).toContain("too risky");
  });
});
