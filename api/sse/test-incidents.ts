/** Incidents for the SSE tests, their statuses produced by the operator's own lifecycle transitions. */
import type { IncidentStatus, TimelineEvent } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";
import { OperatorConfig } from "../../operator/config.js";
import { afterHealthCheck, completeExecution, markStepFinished, markStepStarted } from "../../operator/lifecycle/execution.js";
import { afterDiagnosis, afterPolicy, enterExecuting, escalate, initialize, startDiagnosis } from "../../operator/lifecycle/transitions.js";

export const T0 = new Date("2024-01-15T10:30:00Z");
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** An incident named `name` with `status`. */
export function incident(name: string, status?: IncidentStatus, uid = `uid-${name}`): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name, namespace: "kubefix-system", uid },
    spec: {
      id: "INC-20240115-001",
      title: "Pod CrashLoopBackOff",
      severity: "high",
      category: "kubernetes",
      fingerprint: "fp-0123456789",
      alert: { message: "[alert] Pod CrashLoopBackOff", receivedAt: "2024-01-15T10:30:00Z" },
      occurrences: 1,
      firstSeen: "2024-01-15T10:30:00Z",
      lastSeen: "2024-01-15T10:30:00Z",
    },
    ...(status ? { status } : {}),
  };
}

const outcome = {
  diagnosis: {
    engine: "rules" as const,
    conclusion: "OOMKilled",
    confidence: 0.95,
    keyFindings: [],
    suggestedActions: [],
    diagnosedAt: "2024-01-15T10:31:00Z",
  },
  proposal: {
    description: "raise the memory limit and restart",
    steps: [{ plugin: "patch_resources", description: "memory 512Mi" }],
    riskLevel: "medium" as const,
    estimatedDuration: "2m",
    rollbackPlan: "restore the previous limit",
  },
};

/** The statuses an incident goes through from alert to resolution, one per status write. */
export function resolvedLifecycle(): IncidentStatus[] {
  const config = OperatorConfig.parse({});
  const s1 = initialize(incident("a"), at(0));
  const s2 = startDiagnosis(s1, "rules", at(5));
  const s3 = afterDiagnosis(s2, s2.timeline ?? [], outcome, { config, now: at(60) });
  const s4 = afterPolicy(s3, { verdict: "require_approval", reasons: ["risk medium needs approval"] }, at(61));
  const s5 = enterExecuting(s4, at(120));
  const s6 = markStepStarted(s5, 0, at(121));
  const s7 = markStepFinished(s6, 0, { dryRun: { ok: true, summary: "ok" }, result: { ok: true, summary: "patched" } }, at(200));
  const s8 = completeExecution(s7, "verifying", at(212));
  const s9 = afterHealthCheck(s8, { healthy: true, message: "ready" }, { windowSeconds: 180, stableSeconds: 0 }, at(230));
  return [s1, s2, s3, s4, s5, s6, s7, s8, s9];
}

/** A status whose last write escalated the incident. */
export function escalatedStatus(): IncidentStatus {
  return escalate(initialize(incident("a"), at(0)), "no safe automatic fix is known", at(30));
}

/** A timeline entry, for hand-made edge cases. */
export const entry = (seq: number, type: TimelineEvent["type"], data?: Record<string, unknown>): TimelineEvent => ({
  id: `evt_${String(seq).padStart(3, "0")}`,
  type,
  timestamp: "2024-01-15T10:30:00Z",
  ...(data ? { data } : {}),
});
