import { describe, expect, it } from "vitest";
import type { Evidence } from "../evidence.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, NS, replicaSetFixture, states } from "../test-fixtures.js";
import { endpointSliceFixture, eventFixture, nodeFixture, pvcFixture, quotaFixture, serviceFixture } from "../test-objects.js";
import { evictedPodFixture, podFixture } from "../test-pods.js";
import { afterRolloutScenario, nodeNotReadyScenario, pendingScenario, SCENARIOS } from "../test-scenarios.js";
import { detectEvictedNodePressure } from "./evicted.js";
import { detectImagePullError } from "./image-pull.js";
import { detectLivenessFailing } from "./liveness-failing.js";
import { detectMissingConfig } from "./missing-config.js";
import { detectNodeNotReady } from "./node-not-ready.js";
import { detectPvcPending } from "./pvc-pending.js";
import { detectQuotaExceeded } from "./quota-exceeded.js";
import { detectReadinessFailing } from "./readiness-failing.js";
import { detectRolloutStuck } from "./rollout-stuck.js";
import { detectServiceNoEndpoints } from "./service-no-endpoints.js";
import type { Rule } from "./types.js";
import { detectUnschedulableResources, detectUnschedulableTaints } from "./unschedulable.js";

const IMG = "registry.example.com/user-service";
const POD = "user-service-7d9f8b6c5-x2x9k";
const warning = (reason: string, message: string, kind = "Pod", name = POD): ReturnType<typeof eventFixture> =>
  eventFixture({ reason, message, kind, name });
const onlyEvents = (...events: ReturnType<typeof eventFixture>[]): Evidence => evidenceFixture(deploymentTarget(), { events });

const withoutSchedulerCondition = (e: Evidence): Evidence => ({
  ...e,
  pods: e.pods.map((p) => ({ ...p, status: { ...p.status, conditions: [] } })),
});
const mixedScheduling = (): Evidence =>
  pendingScenario("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}");

const pvcTarget = (): Evidence =>
  evidenceFixture({ kind: "PersistentVolumeClaim", name: "db-data", namespace: NS }, { pvcs: [pvcFixture("db-data", "Pending")] });

const pullWithoutRollout = (): Evidence =>
  evidenceFixture(deploymentTarget(), { pods: [podFixture({ container: states.imagePull(`${IMG}:1.4.1`) })] });

const nodeTarget = (cordoned = false): Evidence =>
  evidenceFixture({ kind: "Node", name: "kwok-node-3" }, {
    nodes: [nodeFixture({ name: "kwok-node-3", ready: "False", unschedulable: cordoned })],
    pods: [podFixture({ node: "kwok-node-3", podReady: false }), podFixture({ statefulSet: "postgres", node: "kwok-node-3", podReady: false })],
  });
const twoNodes = (): Evidence => {
  const e = nodeNotReadyScenario();
  return {
    ...e,
    pods: [...e.pods, podFixture({ suffix: "z9w8x", node: "kwok-node-4", podReady: false })],
    nodes: [...e.nodes, nodeFixture({ name: "kwok-node-4", ready: "False" })],
  };
};

const stuckWithoutHistory = (): Evidence => {
  const e = SCENARIOS.rollout_stuck();
  return { ...e, replicaSets: e.replicaSets.slice(0, 1) };
};

const quotaFull = (currentReplicas: number): Evidence =>
  evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ replicas: 5, currentReplicas }),
    quotas: [quotaFixture("compute-quota", { pods: "3" }, { pods: "3" })],
  });

const service = (pods: Evidence["pods"], ready: number, type = "ClusterIP"): Evidence => {
  const svc = serviceFixture("checkout", { app: "user-service" });
  return evidenceFixture({ kind: "Service", name: "checkout", namespace: NS }, {
    service: { ...svc, spec: { ...svc.spec, type } },
    pods,
    endpointSlices: [endpointSliceFixture("checkout", ready, pods.length - ready)],
  });
};

const readinessAfterRollout = (): Evidence => afterRolloutScenario(states.notReady(), []);
const livenessAfterRollout = (): Evidence =>
  afterRolloutScenario(states.livenessKilled(), [
    warning("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500", "Pod", "user-service-5f7c9d4b8-n5w9k"),
  ]);

describe("rule confidence bands and proposals", () => {
  it.each<[string, Rule, () => Evidence, number | undefined, string | undefined]>([
    ["image pull without a rollout", detectImagePullError, pullWithoutRollout, 0.9, undefined],
    ["image pull from events only", detectImagePullError, () => onlyEvents(warning("Failed", 'Failed to pull image "web:9": not found')), 0.7, undefined],
    ["scheduler message only in events", detectUnschedulableResources, () => withoutSchedulerCondition(SCENARIOS.unschedulable_resources()), 0.8, undefined],
    ["taints rule out most nodes", detectUnschedulableTaints, mixedScheduling, 0.9, undefined],
    ["cpu rules out fewer nodes", detectUnschedulableResources, mixedScheduling, 0.8, undefined],
    ["unbound claim from the scheduler only", detectPvcPending, () => ({ ...SCENARIOS.pvc_pending(), pvcs: [] }), 0.8, undefined],
    ["a pending claim as the target", detectPvcPending, pvcTarget, 0.75, undefined],
    ["readiness events only", detectReadinessFailing, () => onlyEvents(warning("Unhealthy", "Readiness probe failed: 503")), 0.5, undefined],
    ["unready pods without events", detectReadinessFailing, () => ({ ...SCENARIOS.readiness_failing(), events: [] }), 0.4, undefined],
    ["readiness failing after an image change", detectReadinessFailing, readinessAfterRollout, 0.55, "rollback_deployment"],
    ["liveness events only", detectLivenessFailing, () => onlyEvents(warning("Unhealthy", "Liveness probe failed: timeout")), 0.55, undefined],
    ["liveness failing after an image change", detectLivenessFailing, livenessAfterRollout, 0.85, "rollback_deployment"],
    ["exit 137 without probe evidence", detectLivenessFailing, () => evidenceFixture(deploymentTarget(), { pods: [podFixture({ container: { ...states.livenessKilled(), lastState: { terminated: { exitCode: 137, reason: "Error" } } } })] }), undefined, undefined],
    ["evicted without node pressure seen", detectEvictedNodePressure, () => ({ ...SCENARIOS.evicted_node_pressure(), nodes: [] }), 0.8, "delete_evicted_pods"],
    ["eviction events only", detectEvictedNodePressure, () => onlyEvents(warning("Evicted", "The node was low on resource: ephemeral-storage.")), 0.7, undefined],
    ["the incident's node is not ready", detectNodeNotReady, () => nodeTarget(), 0.95, "cordon_node"],
    ["a node already cordoned", detectNodeNotReady, () => nodeTarget(true), 0.95, undefined],
    ["stuck with no revision to go back to", detectRolloutStuck, stuckWithoutHistory, 0.85, undefined],
    ["missing refs from the refs tool only", detectMissingConfig, () => evidenceFixture(deploymentTarget(), { missingRefs: [{ kind: "Secret", name: "db-creds", usedBy: ["Deployment/user-service"] }] }), 0.85, undefined],
    ["FailedMount events only", detectMissingConfig, () => onlyEvents(warning("FailedMount", 'MountVolume.SetUp failed for volume "creds" : secret "db-creds" not found')), 0.85, undefined],
    ["a full quota while short of replicas", detectQuotaExceeded, () => quotaFull(3), 0.65, undefined],
    ["a full quota with every replica present", detectQuotaExceeded, () => quotaFull(5), undefined, undefined],
    ["service pods exist but none is ready", detectServiceNoEndpoints, () => service([podFixture({ container: states.notReady() })], 0), 0.55, undefined],
    ["service with a ready endpoint", detectServiceNoEndpoints, () => service([podFixture()], 1), undefined, undefined],
    ["ExternalName service", detectServiceNoEndpoints, () => service([], 0, "ExternalName"), undefined, undefined],
    ["healthy pods", detectReadinessFailing, () => evidenceFixture(deploymentTarget(), { pods: [podFixture()], replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`)] }), undefined, undefined],
  ])("%s", (_name, rule, build, confidence, tool) => {
    const match = rule(build());
    expect(match?.confidence).toBe(confidence);
    expect(match?.proposal?.steps[0]?.plugin).toBe(tool);
  });
});

describe("rule texts", () => {
  it("names the pods a not-ready node strands", () => {
    const match = detectNodeNotReady(nodeTarget(), "en");
    expect(match?.suggestedActions).toContain("Escalate the pods that do not belong to Deployments: postgres-0");
  });

  it("rates cordoning several nodes as high risk", () => {
    const proposal = detectNodeNotReady(twoNodes())?.proposal;
    expect(proposal?.riskLevel).toBe("high");
    expect(proposal?.steps.map((s) => s.parameters)).toEqual([{ node_name: "kwok-node-3" }, { node_name: "kwok-node-4" }]);
  });

  it.each<[string, string]>([
    ['configmap "app-config" not found', "缺少配置：ConfigMap app-config"],
    ["couldn't find key DB_HOST in ConfigMap production/app-config", "缺少配置：ConfigMap app-config (key DB_HOST)"],
    ['secret "db-creds" not found', "缺少配置：Secret db-creds"],
  ])("reads %s", (message, conclusion) => {
    const e = evidenceFixture(deploymentTarget(), { pods: [podFixture({ container: states.configError(message) })] });
    expect(detectMissingConfig(e)?.conclusion).toBe(conclusion);
  });

  it.each<[string, string]>([
    ['Back-off pulling image "web:9": ErrImagePull: manifest unknown', "Make sure the tag was pushed to the registry, or fix the image in the Deployment"],
    ["ErrImagePull: pull access denied, repository does not exist or may require authorization: authorization failed: 401 Unauthorized", "Check the imagePullSecrets and the registry credentials"],
    ['ErrImagePull: dial tcp: lookup registry.internal: no such host', "Check the network and DNS from the nodes to the registry"],
    ['Back-off pulling image "web:9": ErrImagePull: rpc error', "Pull the image by hand on a node to see the error"],
  ])("advises on %s", (message, action) => {
    const container = { ...states.imagePull("web:9"), state: { waiting: { reason: "ErrImagePull", message } } };
    const e = evidenceFixture(deploymentTarget(), { pods: [podFixture({ container })] });
    expect(detectImagePullError(e, "en")?.suggestedActions).toEqual([action]);
  });

  it("quotes the quota the ReplicaSet ran into", () => {
    expect(detectQuotaExceeded(SCENARIOS.quota_exceeded(), "en")?.rootCause).toBe(
      "ResourceQuota compute-quota of the namespace is used up; the ReplicaSet cannot create new pods: requested: limits.memory=512Mi, used: limits.memory=2Gi, limited: limits.memory=2Gi",
    );
  });

  it("finds the pressured node of an eviction", () => {
    const match = detectEvictedNodePressure(SCENARIOS.evicted_node_pressure(), "en");
    expect(match?.findings.map((f) => f.finding)).toContain("Node kwok-node-2 is under resource pressure");
    expect(match?.conclusion).toBe("Pods evicted under node pressure (memory)");
  });

  it("evicted pods of a Node target may span namespaces", () => {
    const e = evidenceFixture({ kind: "Node", name: "kwok-node-2" }, {
      pods: [evictedPodFixture("kwok-node-2"), { ...evictedPodFixture("kwok-node-2", { suffix: "w7hrb" }), metadata: { name: "other", namespace: "staging" } }],
    });
    expect(detectEvictedNodePressure(e)?.proposal?.steps.map((s) => s.parameters)).toEqual([{ namespace: NS }, { namespace: "staging" }]);
  });
});
