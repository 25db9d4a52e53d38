import { describe, expect, it } from "vitest";
import type { Decision, IncidentStatus, TimelineEvent } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import { approvalCovers, decideStepGate, isRevisionApproved, type StepGate } from "./step-gate.js";

const verdict = (v: PolicyDecision["verdict"], reason = "r"): PolicyDecision => ({ verdict: v, reasons: [reason] });

describe("decideStepGate", () => {
  it.each<[string, PolicyDecision, boolean, StepGate["kind"]]>([
    ["within policy: run", verdict("auto_execute"), false, "run"],
    ["require_approval, not approved: back to a human", verdict("require_approval", "cooldown"), false, "await_approval"],
    ["require_approval, this revision approved: run", verdict("require_approval", "cooldown"), true, "run"],
    ["deny: escalate, even if approved", verdict("deny"), true, "escalate"],
    ["escalate: escalate, even if approved", verdict("escalate"), true, "escalate"],
  ])("%s", (_name, policy, approved, kind) => {
    expect(decideStepGate(policy, approved, 1).kind).toBe(kind);
  });

  it("names the step and the reasons", () => {
    expect(decideStepGate(verdict("require_approval", "hourly quota spent"), false, 2)).toEqual({ kind: "await_approval", reasons: ["hourly quota spent"] });
    expect(decideStepGate(verdict("deny", "plugin disabled"), false, 2)).toEqual({ kind: "escalate", reason: "policy changed before step 2: plugin disabled" });
  });
});

const at = "2026-01-15T10:00:00Z";
const approve = (proposalRevision?: number): Decision => ({ action: "approve", by: "alice", via: "api", at, ...(proposalRevision ? { proposalRevision } : {}) });
const approvedEvent = (proposalRevision?: number): TimelineEvent => ({ id: "e1", type: "approved", timestamp: at, data: proposalRevision ? { proposalRevision } : {} });

function incident(revision: number, decisions: Decision[], processed: number, timeline: TimelineEvent[]): Incident {
  const status: IncidentStatus = {
    phase: "executing",
    processedDecisions: processed,
    timeline,
    proposal: { revision, description: "d", steps: [{ plugin: "restart_pod", description: "s" }], riskLevel: "low", estimatedDuration: "1m", rollbackPlan: "r", proposedAt: at },
  };
  return { apiVersion: "kubefix.io/v1alpha1", kind: "Incident", metadata: { name: "i" }, spec: { decisions } as Incident["spec"], status };
}

describe("isRevisionApproved", () => {
  it.each<[string, Incident, boolean]>([
    ["no decision", incident(2, [], 0, []), false],
    ["an applied approval of this revision, recorded", incident(2, [approve(2)], 1, [approvedEvent(2)]), true],
    ["an approval of the previous revision", incident(2, [approve(1)], 1, [approvedEvent(1)]), false],
    ["an approval not yet applied", incident(2, [approve(2)], 0, []), false],
    ["an approval that was ignored (no approved event)", incident(2, [approve(2)], 1, []), false],
    ["an approved event of an older revision only", incident(2, [approve()], 1, [approvedEvent(1)]), false],
    ["a kubectl approval without a revision, recorded for this one", incident(2, [approve()], 1, [approvedEvent(2)]), true],
    ["a reject is not an approval", incident(2, [{ ...approve(2), action: "reject" }], 1, [approvedEvent(2)]), false],
  ])("%s", (_name, inc, expected) => {
    expect(isRevisionApproved(inc)).toBe(expected);
  });
});

describe("approvalCovers: an approval stands in only for what its approver could see", () => {
  const approved = incident(2, [approve(2)], 1, [approvedEvent(2)]);
  it.each<[string, Incident, string | undefined, boolean]>([
    ["approved, the object never written by another incident", approved, undefined, true],
    ["approved, the object written before the approval", approved, "2026-01-15T09:59:00Z", true],
    ["approved, the object written by another incident after the approval: ask again", approved, "2026-01-15T10:00:01Z", false],
    ["not approved", incident(2, [], 0, []), undefined, false],
  ])("%s", (_name, inc, lastWrite, covers) => {
    expect(approvalCovers(inc, lastWrite === undefined ? undefined : new Date(lastWrite))).toBe(covers);
  });
});
