/**
 * Which object a proposal writes, with several workloads, containers and namespaces: always the
 * owner of the failing pods (as read from the cluster), in their namespace; one step per failing
 * workload or nothing. Beside the single-Deployment table in rule-engine.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Proposal } from "../../crds/index.js";
import type { Evidence } from "./evidence.js";
import type { FailureMode } from "./failure-modes.js";
import { diagnoseWithRules } from "./rule-engine.js";
import { detectRolloutStuck } from "./rules/rollout-stuck.js";
import {
  canaryService,
  crashInTwo,
  cronJobOom,
  envOnlyStuck,
  imageStuckNotReady,
  imageStuckOnCapacity,
  manyOoming,
  nodeWithOneFailing,
  replacedOwnerOom,
  sidecarOom,
  statefulSetOom,
  twoOoming,
  unknownOwnerOom,
} from "./test-worlds.js";

const NOW = new Date("2026-01-15T10:05:00Z");

interface Expected {
  mode: FailureMode;
  /** The steps' parameters, in order; empty for no proposal. */
  steps: Record<string, unknown>[];
  /** A suggested action that says why nothing was proposed. */
  because?: RegExp;
  /** A finding that lists the failing workloads. */
  lists?: string[];
}

const raise = (namespace: string, deployment_name: string, container: string, memory_limit: string): Record<string, unknown> => ({
  namespace,
  deployment_name,
  container,
  memory_limit,
});

describe("the target of a proposal", () => {
  it.each<[string, () => Evidence, Expected]>([
    ["Node: only the failing pod's Deployment, in its namespace, never default", nodeWithOneFailing, { mode: "oom_killed", steps: [raise("finance", "billing", "app", "512Mi")] }],
    ["Service: the canary that OOMs, not the stable Deployment", canaryService, { mode: "oom_killed", steps: [raise("shop", "web-canary", "app", "256Mi")] }],
    ["a sidecar's OOM raises the sidecar, not the first container", sidecarOom, { mode: "oom_killed", steps: [raise("orders", "orders", "log-agent", "128Mi")] }],
    [
      "two failing Deployments in two namespaces: one complete step each",
      twoOoming,
      { mode: "oom_killed", steps: [raise("finance", "billing", "app", "2Gi"), raise("shop", "api", "app", "256Mi")], lists: ["Deployment shop/api", "Deployment finance/billing"] },
    ],
    ["more failing workloads than fixed one by one: nothing", manyOoming, { mode: "oom_killed", steps: [], because: /6 workloads/ }],
    ["a StatefulSet's pod: nothing, no plugin writes it", statefulSetOom, { mode: "oom_killed", steps: [], because: /StatefulSet shop\/db/ }],
    [
      "a CronJob's Job's pod: nothing, no Deployment; the chain is named",
      cronJobOom,
      { mode: "oom_killed", steps: [], because: /CronJob ops\/backup-nightly/, lists: ["ops: Pod/backup-nightly-29012345-x7k2p → Job/backup-nightly-29012345 → CronJob/backup-nightly"] },
    ],
    ["an owner that could not be read: nothing", unknownOwnerOom, { mode: "oom_killed", steps: [], because: /could not be read/ }],
    ["an owner replaced since it was read: nothing", replacedOwnerOom, { mode: "oom_killed", steps: [], because: /another uid/ }],
    ["crash loops in two Deployments, only one after an image change: nothing", crashInTwo, { mode: "crash_loop", steps: [], lists: ["Deployment production/user-service", "Deployment production/billing"] }],
    // The scheduler's reason wins the diagnosis; neither it nor rollout_stuck (below) proposes a write.
    ["an env-only rollout stuck on capacity: no rollback", envOnlyStuck, { mode: "unschedulable_resources", steps: [] }],
    ["an image rollout held up by capacity: no rollback", imageStuckOnCapacity, { mode: "unschedulable_resources", steps: [] }],
    [
      "an image rollout whose pods never get ready: rolled back",
      imageStuckNotReady,
      { mode: "rollout_stuck", steps: [{ namespace: "production", deployment_name: "user-service", to_revision: 1 }] },
    ],
  ])("%s", (_name, build, expected) => {
    const result = diagnoseWithRules(build(), { now: NOW, locale: "en" });
    expect(result.mode).toBe(expected.mode);
    const steps = result.proposal?.steps.map((s) => s.parameters) ?? [];
    expect(steps.map((p) => ({ ...p, memory_request: undefined }))).toEqual(expected.steps.map((p) => ({ ...p, memory_request: undefined })));
    if (result.proposal !== undefined) {
      expect(Proposal.safeParse({ ...result.proposal, revision: 1, proposedAt: NOW.toISOString() }).success).toBe(true);
    }
    if (expected.because !== undefined) expect(result.diagnosis.suggestedActions.join("\n")).toMatch(expected.because);
    const lines = result.diagnosis.keyFindings.flatMap((f) => f.evidence ?? []).join("\n");
    for (const workload of expected.lists ?? []) expect(lines).toContain(workload);
  });

  it.each<[string, () => Evidence, RegExp]>([
    ["env-only", envOnlyStuck, /changed no image \(only env, resources or other settings\) \(the new pods cannot be scheduled\)/],
    ["image, on capacity", imageStuckOnCapacity, /held up by capacity \(the new pods cannot be scheduled\)/],
  ])("rollout_stuck says why it does not roll back a rollout stuck on capacity (%s)", (_name, build, because) => {
    const match = detectRolloutStuck(build(), "en");
    expect(match?.proposal).toBeUndefined();
    expect(match?.suggestedActions.join("\n")).toMatch(because);
  });

  it("never writes in default for a Node target", () => {
    const steps = [nodeWithOneFailing, twoOoming].flatMap((b) => diagnoseWithRules(b(), { now: NOW }).proposal?.steps ?? []);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.map((s) => s.parameters?.namespace)).not.toContain("default");
  });
});
