import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { enterExecuting, expireProposal, proposalExpiresAt, stepNeedsApproval } from "./transitions.js";

const t0 = new Date("2026-01-15T10:30:00Z");
const proposal = (revision: number): NonNullable<IncidentStatus["proposal"]> => ({
  revision,
  description: "d",
  steps: [{ plugin: "restart_pod", description: "a" }, { plugin: "restart_pod", description: "b" }],
  riskLevel: "low",
  estimatedDuration: "1m",
  rollbackPlan: "r",
  proposedAt: "2026-01-15T10:00:00Z",
});
const halfDone = (revision: number): IncidentStatus => ({
  phase: "awaiting_approval",
  proposal: proposal(2),
  execution: {
    proposalRevision: revision,
    startedAt: "2026-01-15T10:10:00Z",
    steps: [
      { index: 0, plugin: "restart_pod", state: "succeeded", startedAt: "2026-01-15T10:10:00Z" },
      { index: 1, plugin: "restart_pod", state: "pending" },
    ],
  },
});

describe("enterExecuting", () => {
  it("resumes an unfinished execution of the same revision: a step that ran stays done", () => {
    const next = enterExecuting(halfDone(2), t0);
    expect(next.phase).toBe("executing");
    expect(next.execution!.steps.map((s) => s.state)).toEqual(["succeeded", "pending"]);
    expect(next.timeline!.at(-1)).toMatchObject({ type: "execution_started", data: { steps: 1, resumed: true } });
  });

  it("starts afresh for a new revision", () => {
    const next = enterExecuting(halfDone(1), t0);
    expect(next.execution).toMatchObject({ proposalRevision: 2, steps: [{ state: "pending" }, { state: "pending" }] });
  });
});

describe("stepNeedsApproval", () => {
  it("goes back to awaiting_approval with the reasons, nothing run", () => {
    const executing: IncidentStatus = { ...halfDone(2), phase: "executing" };
    const next = stepNeedsApproval(executing, 1, ["target changed 5s ago; cooldown is 600s"], t0);
    expect(next.phase).toBe("awaiting_approval");
    expect(next.policy).toMatchObject({ verdict: "require_approval", proposalRevision: 2 });
    expect(next.timeline!.map((e) => e.type)).toEqual(["policy_evaluated", "approval_requested"]);
    expect(next.timeline!.at(-1)!.message).toMatch(/before step 1: target changed 5s ago/);
    expect(next.execution).toEqual(executing.execution);
  });
});

describe("proposal expiry", () => {
  it.each<[string, IncidentStatus, number | undefined]>([
    ["an hour after it was proposed", { proposal: proposal(1) }, Date.parse("2026-01-15T11:00:00Z")],
    ["an hour after the human was asked, when that came later", { proposal: proposal(1), phase: "awaiting_approval", phaseSince: "2026-01-15T10:55:00Z" }, Date.parse("2026-01-15T11:55:00Z")],
    ["an hour after it was proposed, when the phase began earlier", { proposal: proposal(1), phaseSince: "2026-01-15T09:00:00Z" }, Date.parse("2026-01-15T11:00:00Z")],
    ["no proposal", {}, undefined],
    ["an unreadable time", { proposal: { ...proposal(1), proposedAt: "soon" } }, undefined],
  ])("expires %s", (_name, status, expected) => {
    expect(proposalExpiresAt(status, 3_600_000)).toBe(expected);
  });

  it("diagnoses again and says the proposal expired", () => {
    const next = expireProposal({ phase: "awaiting_approval", proposal: proposal(3) }, 60, "rules", t0);
    expect(next.phase).toBe("diagnosing");
    expect(next.timeline!.at(-1)).toMatchObject({ type: "diagnosis_started", data: { reason: "proposal_expired", expiredRevision: 3 } });
    expect(next.timeline!.at(-1)!.message).toMatch(/revision 3 expired.*60 min/);
  });

  it("escalates a proposal that expired after some of its steps ran", () => {
    const next = expireProposal(halfDone(2), 60, "rules", t0);
    expect(next.phase).toBe("escalated");
    expect(next.timeline!.at(-1)!.message).toMatch(/revision 2 expired.*after some of its steps ran/);
  });
});
