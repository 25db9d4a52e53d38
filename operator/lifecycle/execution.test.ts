import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { afterHealthCheck, markStepFinished, markStepStarted, markStepWaiting, recoverInterruptedStep } from "./execution.js";

const t0 = new Date("2026-01-15T10:30:00Z");
const later = (s: number): Date => new Date(t0.getTime() + s * 1000);
const executing = (): IncidentStatus => ({
  phase: "executing",
  execution: {
    proposalRevision: 1,
    startedAt: "2026-01-15T10:30:00Z",
    steps: [
      { index: 0, plugin: "set_container_resources", state: "pending" },
      { index: 1, plugin: "restart_pod", state: "pending" },
    ],
  },
});
const ok = { ok: true, summary: "done" };
const bad = { ok: false, summary: "refused", error: "spec.replicas: Invalid value" };

describe("execution record", () => {
  it("marks a step started before it runs", () => {
    const s = markStepStarted(executing(), 0, t0);
    expect(s.execution!.steps[0]).toMatchObject({ state: "started", startedAt: "2026-01-15T10:30:00Z" });
    expect(s.timeline!.at(-1)!.type).toBe("step_started");
  });

  it("notes on a pending step which claim it waits for, and clears the note when it starts", () => {
    const waiting = markStepWaiting(executing(), 0, "Deployment/shop/api", "inc-20260115-001");
    expect(waiting.execution!.steps[0]).toMatchObject({ state: "pending", output: expect.stringMatching(/Deployment\/shop\/api is being changed by inc-20260115-001/) });
    expect(waiting.timeline ?? []).toHaveLength(0);
    expect(markStepStarted(waiting, 0, t0).execution!.steps[0]!.output).toBeUndefined();
  });

  it.each<[string, { dryRun: typeof ok; result?: typeof ok }, string, string]>([
    ["dry run and run succeed", { dryRun: ok, result: ok }, "succeeded", "executing"],
    ["the dry run fails: nothing runs, the incident fails", { dryRun: bad }, "failed", "failed"],
    ["the run fails after a good dry run", { dryRun: ok, result: bad }, "failed", "failed"],
  ])("%s", (_name, outcome, state, phase) => {
    const s = markStepFinished(markStepStarted(executing(), 0, t0), 0, outcome, later(5));
    expect(s.execution!.steps[0]!.state).toBe(state);
    expect(s.phase).toBe(phase);
  });

  it("a step whose write has an unknown outcome is neither failed nor succeeded: it is verified, later steps skipped", () => {
    const unknown = { ok: false, summary: "set_container_resources timed out after 5s", error: "the outcome of PATCH /apis/apps/v1/namespaces/shop/deployments/web is unknown", outcome: "unknown" as const };
    const s = markStepFinished(markStepStarted(executing(), 0, t0), 0, { dryRun: ok, result: unknown }, later(5));
    expect(s.execution!.steps[0]).toMatchObject({ state: "interrupted", dryRun: "passed", error: unknown.error });
    expect(s.execution!.steps[0]!.output).toMatch(/outcome of this step is unknown.*not repeated, the target is verified/);
    expect(s.execution!.steps.map((x) => x.state)).toEqual(["interrupted", "skipped"]);
    expect(s.phase).toBe("verifying");
    expect(s.timeline!.find((e) => e.type === "step_completed")?.data).toMatchObject({ success: false, outcome: "unknown" });
  });

  it("never repeats an interrupted step: it is marked, later steps skipped, the target verified", () => {
    const s = recoverInterruptedStep(markStepStarted(executing(), 0, t0), 0, later(30));
    expect(s.execution!.steps.map((x) => x.state)).toEqual(["interrupted", "skipped"]);
    expect(s.phase).toBe("verifying");
    expect(s.execution!.success).toBe(false);
    expect(s.verification?.startedAt).toBe("2026-01-15T10:30:30Z");
  });
});

describe("afterHealthCheck", () => {
  const verifying: IncidentStatus = { phase: "verifying", verification: { startedAt: "2026-01-15T10:30:00Z" } };
  const windows = { windowSeconds: 120, stableSeconds: 20 };
  const healthy = { healthy: true, message: "2/2 ready" };
  const sick = { healthy: false, message: "1/2 ready" };

  it.each<[string, IncidentStatus, typeof healthy, Date, string]>([
    ["healthy for the first time: keep watching", verifying, healthy, later(10), "verifying"],
    ["healthy long enough: resolved", { ...verifying, verification: { startedAt: verifying.verification!.startedAt, healthySince: "2026-01-15T10:30:10Z" } }, healthy, later(31), "resolved"],
    ["unhealthy within the window: keep watching", verifying, sick, later(60), "verifying"],
    ["unhealthy past the window: escalated", verifying, sick, later(121), "escalated"],
  ])("%s", (_name, status, health, now, phase) => {
    expect(afterHealthCheck(status, health, windows, now).phase).toBe(phase);
  });

  it("a relapse restarts the stable period", () => {
    const s1 = afterHealthCheck(verifying, healthy, windows, later(10));
    const s2 = afterHealthCheck(s1, sick, windows, later(15));
    const s3 = afterHealthCheck(s2, healthy, windows, later(31));
    expect(s3.phase).toBe("verifying");
    expect(s3.verification!.healthySince).toBe("2026-01-15T10:30:31Z");
  });

  it("resolution records when and how", () => {
    const s = afterHealthCheck({ ...verifying, verification: { startedAt: "2026-01-15T10:30:00Z", healthySince: "2026-01-15T10:30:00Z" } }, healthy, windows, later(25));
    expect(s).toMatchObject({ resolvedAt: "2026-01-15T10:30:25Z", resolution: "fixed" });
    expect(s.timeline!.map((e) => e.type)).toEqual(["verification_completed", "incident_resolved"]);
  });
});
