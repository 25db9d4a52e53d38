/** Pure updates of the execution record: one step at a time, each recorded before and after it runs. */
import type { IncidentStatus } from "../../crds/index.js";
import type { PluginResult } from "../plugins/types.js";
import { enterPhase, escalate } from "./transitions.js";
import { rfc3339, withEvent } from "./timeline.js";

type Execution = NonNullable<IncidentStatus["execution"]>;
type Step = Execution["steps"][number];

function updateStep(status: IncidentStatus, index: number, change: Partial<Step>): IncidentStatus {
  const execution = status.execution!;
  const steps = execution.steps.map((s) => (s.index === index ? { ...s, ...change } : s));
  return { ...status, execution: { ...execution, steps } };
}

/** Marks step `index` started; this is written before the step runs. */
export function markStepStarted(status: IncidentStatus, index: number, now: Date): IncidentStatus {
  const step = status.execution!.steps.find((s) => s.index === index)!;
  // A note left while it waited for its object's claim no longer applies.
  const started = updateStep(status, index, { state: "started", startedAt: rfc3339(now), output: undefined });
  return withEvent(started, "step_started", now, {
    data: { index, plugin: step.plugin, parameters: step.parameters ?? {} },
  });
}

/** Notes on pending step `index` that it waits for the claim on `key`, held by incident `holder`. */
export function markStepWaiting(status: IncidentStatus, index: number, key: string, holder: string): IncidentStatus {
  return updateStep(status, index, { output: `waiting: ${key} is being changed by ${holder}; this step runs once that ends` });
}

/**
 * Records how step `index` ended; a failed step fails the incident. A step
 * whose write has an unknown outcome is neither: it is recorded like an
 * interrupted step and the target is verified.
 */
export function markStepFinished(
  status: IncidentStatus,
  index: number,
  outcome: { dryRun: PluginResult; result?: PluginResult },
  now: Date,
): IncidentStatus {
  if (outcome.result?.outcome === "unknown") return markStepOutcomeUnknown(status, index, outcome.result, now);
  const failed = failedPass(outcome);
  const final = outcome.result ?? outcome.dryRun;
  let next = updateStep(status, index, {
    state: failed ? "failed" : "succeeded",
    dryRun: outcome.dryRun.ok ? "passed" : "failed",
    completedAt: rfc3339(now),
    output: final.summary.slice(0, 8192),
    ...(failed ? { error: (failed.error ?? failed.summary).slice(0, 8192) } : {}),
  });
  next = withEvent(next, "step_completed", now, { message: final.summary, data: { index, success: !failed } });
  return failed ? completeExecution(next, "failed", now) : next;
}

function failedPass(outcome: { dryRun: PluginResult; result?: PluginResult }): PluginResult | undefined {
  if (!outcome.dryRun.ok) return outcome.dryRun;
  return outcome.result && !outcome.result.ok ? outcome.result : undefined;
}

/** A step found started after a restart is not run again: it is marked and the target is verified instead. */
export function recoverInterruptedStep(status: IncidentStatus, index: number, now: Date): IncidentStatus {
  return interruptStep(status, index, { output: "the operator stopped while this step ran; it is not repeated, the target is verified instead" }, now);
}

/** A write sent without a clear answer may have landed: never failed, never repeated, verified like an interrupted step. */
function markStepOutcomeUnknown(status: IncidentStatus, index: number, result: PluginResult, now: Date): IncidentStatus {
  const output = `the outcome of this step is unknown (${result.summary}); it is not repeated, the target is verified instead`;
  const change: Partial<Step> = { dryRun: "passed", output: output.slice(0, 8192), error: (result.error ?? result.summary).slice(0, 8192) };
  const next = withEvent(status, "step_completed", now, { message: output, data: { index, success: false, outcome: "unknown" } });
  return interruptStep(next, index, change, now);
}

function interruptStep(status: IncidentStatus, index: number, change: Partial<Step>, now: Date): IncidentStatus {
  let next = updateStep(status, index, { ...change, state: "interrupted", completedAt: rfc3339(now) });
  for (const s of next.execution!.steps.filter((x) => x.state === "pending")) {
    next = updateStep(next, s.index, { state: "skipped", output: "skipped after an interrupted step" });
  }
  return completeExecution(next, "verifying", now);
}

/** Closes the execution record and moves to verification (or failure). */
export function completeExecution(status: IncidentStatus, phase: "verifying" | "failed", now: Date): IncidentStatus {
  const execution = status.execution!;
  const duration = Math.max(0, Math.round((now.getTime() - Date.parse(execution.startedAt)) / 1000));
  const success = execution.steps.every((s) => s.state === "succeeded");
  const output = execution.steps.map((s) => `${s.plugin}: ${s.output ?? s.state}`).join("\n").slice(0, 8192);
  let next: IncidentStatus = {
    ...status,
    execution: { ...execution, completedAt: rfc3339(now), success, durationSeconds: duration, output },
  };
  next = withEvent(next, "execution_completed", now, { data: { success, duration } });
  if (phase === "failed") return withEvent(enterPhase(next, "failed", now), "failed", now, { message: output });
  return { ...enterPhase(next, "verifying", now), verification: { startedAt: rfc3339(now) } };
}

/** Folds one health observation into the verification; resolves or escalates when it is decided. */
export function afterHealthCheck(
  status: IncidentStatus,
  health: { healthy: boolean; message: string },
  windows: { windowSeconds: number; stableSeconds: number },
  now: Date,
): IncidentStatus {
  const verification = status.verification ?? { startedAt: rfc3339(now) };
  const healthySince = health.healthy ? (verification.healthySince ?? rfc3339(now)) : undefined;
  const next: IncidentStatus = { ...status, verification: { startedAt: verification.startedAt, healthy: health.healthy, message: health.message, ...(healthySince ? { healthySince } : {}) } };
  const stableFor = healthySince ? (now.getTime() - Date.parse(healthySince)) / 1000 : 0;
  if (health.healthy && stableFor >= windows.stableSeconds) return resolve(next, now);
  const elapsed = (now.getTime() - Date.parse(verification.startedAt)) / 1000;
  if (elapsed < windows.windowSeconds) return next;
  const done = { ...next, verification: { ...next.verification!, completedAt: rfc3339(now), healthy: false } };
  const failed = withEvent(done, "verification_completed", now, { message: health.message, data: { healthy: false } });
  return escalate(failed, `the target did not recover within ${windows.windowSeconds}s: ${health.message}`, now);
}

function resolve(status: IncidentStatus, now: Date): IncidentStatus {
  let next: IncidentStatus = { ...status, verification: { ...status.verification!, completedAt: rfc3339(now) } };
  next = withEvent(next, "verification_completed", now, { message: status.verification?.message, data: { healthy: true } });
  next = { ...enterPhase(next, "resolved", now), resolvedAt: rfc3339(now), resolution: "fixed" };
  return withEvent(next, "incident_resolved", now, { data: { resolution: "fixed" } });
}
