import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import { decideAction, type Action } from "./decide.js";

const at = "2026-01-15T10:30:00Z";
function incident(status?: IncidentStatus, decisions = 0): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name: "inc-20260115-001", namespace: "kubefix-system", generation: 1 },
    spec: {
      id: "INC-20260115-001",
      title: "t",
      severity: "high",
      category: "kubernetes",
      fingerprint: "abcdef0123456789",
      alert: { message: "m", receivedAt: at },
      occurrences: 1,
      firstSeen: at,
      lastSeen: at,
      decisions: Array.from({ length: decisions }, () => ({ action: "approve" as const, by: "a", via: "api" as const, at })),
    },
    ...(status ? { status } : {}),
  };
}
const step = (index: number, state: "pending" | "started" | "succeeded" | "failed") => ({ index, plugin: "restart_pod", state });
const executing = (...states: ("pending" | "started" | "succeeded" | "failed")[]): IncidentStatus => ({
  phase: "executing",
  execution: { proposalRevision: 1, startedAt: at, steps: states.map((s, i) => step(i, s)) },
});

describe("decideAction", () => {
  it.each<[string, Incident, Action]>([
    ["no status yet", incident(), { kind: "initialize" }],
    ["new", incident({ phase: "new" }), { kind: "start_diagnosis" }],
    ["diagnosing", incident({ phase: "diagnosing" }), { kind: "diagnose" }],
    ["proposing", incident({ phase: "proposing" }), { kind: "evaluate_policy" }],
    ["awaiting approval, no decision", incident({ phase: "awaiting_approval" }), { kind: "wait_for_human" }],
    ["awaiting approval, one new decision", incident({ phase: "awaiting_approval" }, 1), { kind: "apply_decision", index: 0 }],
    ["a decision already processed", incident({ phase: "awaiting_approval", processedDecisions: 1 }, 1), { kind: "wait_for_human" }],
    ["the second of two decisions", incident({ phase: "awaiting_approval", processedDecisions: 1 }, 2), { kind: "apply_decision", index: 1 }],
    ["executing, first step pending", incident(executing("pending", "pending")), { kind: "run_step", index: 0 }],
    ["executing, second step pending", incident(executing("succeeded", "pending")), { kind: "run_step", index: 1 }],
    ["executing, a step left started by a crash", incident(executing("succeeded", "started")), { kind: "recover_step", index: 1 }],
    ["executing, all steps done", incident(executing("succeeded", "succeeded")), { kind: "finish_execution" }],
    ["verifying", incident({ phase: "verifying" }), { kind: "verify" }],
    ["resolved", incident({ phase: "resolved" }, 3), { kind: "done" }],
    ["escalated", incident({ phase: "escalated" }), { kind: "done" }],
  ])("%s", (_name, inc, action) => {
    expect(decideAction(inc, { now: new Date(at), proposalTtlMs: 3_600_000 })).toEqual(action);
  });
});

describe("decideAction with an expiring proposal (fake clock)", () => {
  const ttlMs = 60 * 60_000;
  const proposal = { revision: 2, description: "d", steps: [{ plugin: "restart_pod", description: "s" }], riskLevel: "low" as const, estimatedDuration: "1m", rollbackPlan: "r", proposedAt: at };
  const later = (minutes: number): Date => new Date(Date.parse(at) + minutes * 60_000);
  it.each<[string, Incident, Date, Action]>([
    ["awaiting approval, 10 min in: wait, look again at expiry", incident({ phase: "awaiting_approval", proposal }), later(10), { kind: "wait_for_human", requeueAfterMs: 50 * 60_000 }],
    ["awaiting confirmation, 59 min in: wait one more minute", incident({ phase: "awaiting_confirmation", proposal }), later(59), { kind: "wait_for_human", requeueAfterMs: 60_000 }],
    ["awaiting approval at expiry: diagnose again", incident({ phase: "awaiting_approval", proposal }), later(60), { kind: "expire_proposal" }],
    ["awaiting confirmation past expiry: diagnose again", incident({ phase: "awaiting_confirmation", proposal }), later(600), { kind: "expire_proposal" }],
    ["an approval read after expiry is not applied first", incident({ phase: "awaiting_approval", proposal }, 1), later(61), { kind: "expire_proposal" }],
    ["an approval read before expiry is applied", incident({ phase: "awaiting_approval", proposal }, 1), later(59), { kind: "apply_decision", index: 0 }],
    ["executing never expires", incident({ ...executing("pending"), proposal }), later(600), { kind: "run_step", index: 0 }],
    ["proposing never expires", incident({ phase: "proposing", proposal }), later(600), { kind: "evaluate_policy" }],
    ["awaiting without a proposal: wait, no timer", incident({ phase: "awaiting_approval" }), later(600), { kind: "wait_for_human" }],
  ])("%s", (_name, inc, now, action) => {
    expect(decideAction(inc, { now, proposalTtlMs: ttlMs })).toEqual(action);
  });
});
