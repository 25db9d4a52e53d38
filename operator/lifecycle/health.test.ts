import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deploymentHealth, nodeHealth } from "./health.js";

const deployment = (status: V1Deployment["status"], replicas = 2, generation = 3): V1Deployment => ({
  metadata: { name: "web", generation },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template: {} },
  status,
});
const pod = (name: string, ready: boolean, waiting?: string): V1Pod => ({
  metadata: { name },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    containerStatuses: [{ name: "app", image: "x", imageID: "", ready, restartCount: 0, state: waiting ? { waiting: { reason: waiting } } : { running: {} } }],
  },
});
const done = { observedGeneration: 3, updatedReplicas: 2, availableReplicas: 2, replicas: 2 };

describe("deploymentHealth", () => {
  it.each<[string, V1Deployment, V1Pod[], boolean, RegExp]>([
    ["complete and ready", deployment(done), [pod("a", true), pod("b", true)], true, /2\/2 replicas available/],
    ["status from an older generation", deployment({ ...done, observedGeneration: 2 }), [], false, /rollout in progress/],
    ["not all updated", deployment({ ...done, updatedReplicas: 1 }), [], false, /1\/2 updated/],
    ["one unavailable", deployment({ ...done, availableReplicas: 1, unavailableReplicas: 1 }), [], false, /1\/2 replicas available/],
    ["a crash-looping pod left over", deployment(done), [pod("a", true), pod("b", false, "CrashLoopBackOff")], false, /b: app CrashLoopBackOff/],
    ["a pod not ready", deployment(done), [pod("a", true), pod("b", false)], false, /b: not ready/],
  ])("%s", (_name, d, pods, healthy, message) => {
    const health = deploymentHealth(d, pods);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });
});

describe("nodeHealth", () => {
  it.each([
    ["True", true],
    ["False", false],
    ["Unknown", false],
  ])("Ready=%s -> healthy %s", (status, healthy) => {
    expect(nodeHealth({ metadata: { name: "n" }, status: { conditions: [{ type: "Ready", status }] } }).healthy).toBe(healthy);
  });
});
