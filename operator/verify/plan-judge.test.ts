import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { IncidentSpec, IncidentStatus } from "../../crds/index.js";
import { CLOCK, node, pod } from "../../test/fixtures/verify-objects.js";
import { diagnoseWithRules } from "../diagnosis/rule-engine.js";
import { SCENARIOS } from "../diagnosis/test-scenarios.js";
import { nodePressureCause } from "./cause.js";
import { combineHealth, judgeSubject, type Observation } from "./judge.js";
import { verificationPlan, type VerificationPlan } from "./subjects.js";
import type { Subject } from "./types.js";

type Target = NonNullable<IncidentSpec["target"]>;
type Step = NonNullable<IncidentStatus["execution"]>["steps"][number];

const step = (plugin: string, parameters: Record<string, unknown>, state: Step["state"] = "succeeded", index = 0): Step => ({ index, plugin, parameters, state });
const executed = (...steps: Step[]): IncidentStatus => ({ execution: { proposalRevision: 1, startedAt: "2026-03-01T11:59:00Z", steps } });
const withEvidence = (lines: string[], status: IncidentStatus = {}): IncidentStatus => ({
  ...status,
  diagnosis: { engine: "rules", conclusion: "c", confidence: 0.9, keyFindings: [{ finding: "f", evidence: lines }], suggestedActions: [], diagnosedAt: "2026-03-01T11:58:00Z" },
});

const EVICTED_LINE = "pod batch-1: phase=Failed Ready=False reason=Evicted node=n7";

describe("nodePressureCause", () => {
  it.each<[string, IncidentStatus, string[] | undefined]>([
    ["no eviction anywhere", withEvidence(["pod web-1 container app: lastState.terminated.reason=OOMKilled exitCode=137 restartCount=3"]), undefined],
    ["evicted pods in the evidence name their node", withEvidence([EVICTED_LINE, "pod batch-2: phase=Failed Ready=False reason=Evicted node=n3"]), ["n3", "n7"]],
    ["a pressured node in the evidence", withEvidence(["node n4: MemoryPressure=True reason=KubeletHasInsufficientMemory", EVICTED_LINE]), ["n4", "n7"]],
    ["an eviction event without a node", withEvidence(["event Warning Evicted Pod/batch-1: The node was low on resource: memory."]), []],
    ["an eviction for a node condition", withEvidence(["event Warning Evicted Pod/batch-1: The node had condition: [DiskPressure]."]), []],
    ["an eviction cleanup ran, nothing names a node", executed(step("delete_evicted_pods", { namespace: "shop" })), []],
    ["an eviction cleanup that did not run is no cause", executed(step("delete_evicted_pods", { namespace: "shop" }, "pending")), undefined],
  ])("%s", (_name, status, nodes) => {
    expect(nodePressureCause(status)?.nodes).toEqual(nodes);
  });

  it("reads the node from the rule engine's own evidence for an eviction", () => {
    const result = diagnoseWithRules(SCENARIOS.evicted_node_pressure(), { now: CLOCK.now, locale: "en" });
    expect(nodePressureCause({ diagnosis: result.diagnosis })).toEqual({ kind: "node_pressure", nodes: ["kwok-node-2"] });
  });
});

describe("verificationPlan", () => {
  const deploymentTarget: Target = { kind: "Deployment", name: "web", namespace: "shop" };
  it.each<[string, Target, IncidentStatus, string[]]>([
    ["a Deployment fixed in place: the target only", deploymentTarget, executed(step("set_container_resources", { namespace: "shop", deployment_name: "web" })), ["target Deployment shop/web"]],
    [
      "a Node target whose fix wrote a workload: both",
      { kind: "Node", name: "n1" },
      executed(step("rollout_restart_deployment", { namespace: "shop", deployment_name: "api" })),
      ["target Node n1", "written Deployment shop/api"],
    ],
    ["a scaled StatefulSet", { kind: "StatefulSet", name: "db", namespace: "shop" }, executed(step("scale_statefulset", { namespace: "shop", statefulset_name: "db" })), ["target StatefulSet shop/db"]],
    [
      "evicted pods cleaned up: the pod and its node",
      { kind: "Pod", name: "batch-1", namespace: "shop" },
      withEvidence([EVICTED_LINE], executed(step("delete_evicted_pods", { namespace: "shop" }))),
      ["target Pod shop/batch-1", "cause Node n7"],
    ],
    ["a step that failed writes nothing judged", deploymentTarget, executed(step("rollout_restart_deployment", { namespace: "shop", deployment_name: "api" }, "failed")), ["target Deployment shop/web"]],
    ["a target without a namespace is in default", { kind: "Service", name: "web" }, {}, ["target Service default/web"]],
  ])("%s", (_name, target, status, subjects) => {
    const plan = verificationPlan({ target }, status);
    const names = [plan.target!, ...plan.others].map((s) => `${s.role} ${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`);
    expect(names).toEqual(subjects);
  });
});

describe("a Pod target that is gone is not healthy by itself", () => {
  const target: Target = { kind: "Pod", name: "batch-1", namespace: "shop" };
  const judgePod = (status: IncidentStatus, observed: V1Pod | undefined): { healthy: boolean; message: string } => {
    const plan: VerificationPlan = verificationPlan({ target }, status);
    return judgeSubject(plan.target!, { kind: "Pod", ...(observed ? { pod: observed } : {}) }, plan, CLOCK);
  };

  it.each<[string, IncidentStatus, V1Pod | undefined, boolean, RegExp]>([
    ["gone, replaced by the workload a step wrote: judged by it", executed(step("set_container_resources", { namespace: "shop", deployment_name: "x" })), undefined, true, /judged by Deployment shop\/x/],
    ["gone, the written workload is in another namespace: not its owner", executed(step("set_container_resources", { namespace: "other", deployment_name: "x" })), undefined, false, /no step of this incident deleted it/],
    ["gone, no step at all", {}, undefined, false, /no step of this incident deleted it/],
    ["gone after a deliberate delete, cause unknown", executed(step("restart_pod", { namespace: "shop", pod_name: "batch-1" })), undefined, false, /nothing recorded shows that what made it fail is gone/],
    ["gone after an eviction cleanup: judged by its cause", withEvidence([EVICTED_LINE], executed(step("delete_evicted_pods", { namespace: "shop" }))), undefined, true, /judged by its cause/],
    ["an eviction cleanup in another namespace did not delete it", withEvidence([EVICTED_LINE], executed(step("delete_evicted_pods", { namespace: "ops" }))), undefined, false, /no step of this incident deleted it/],
    ["being deleted counts as gone", {}, pod("batch-1", { deleting: true }), false, /no step of this incident deleted it/],
    ["still there and evicted", {}, pod("batch-1", { phase: "Failed", reason: "Evicted", ready: false }), false, /failed \(Evicted\)/],
    ["still there and Ready", {}, pod("batch-1"), true, /batch-1 is Ready/],
    ["still there, restarted inside the window", {}, pod("batch-1", { restarts: 1, restartedAgo: 4 }), false, /restarted within/],
  ])("%s", (_name, status, observed, healthy, message) => {
    const health = judgePod(status, observed);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });
});

describe("the cause is judged, not only the target", () => {
  const target: Target = { kind: "Pod", name: "batch-1", namespace: "shop" };
  const status = withEvidence([EVICTED_LINE], executed(step("delete_evicted_pods", { namespace: "shop" })));
  const plan = verificationPlan({ target }, status);
  const judgeAll = (observations: Observation[]): { healthy: boolean; message: string } => {
    const subjects: Subject[] = [plan.target!, ...plan.others];
    return combineHealth(subjects.map((s, i) => judgeSubject(s, observations[i]!, plan, CLOCK)));
  };

  it.each<[string, Observation, boolean, RegExp]>([
    ["the evicted pods are deleted, the node still under memory pressure: not resolved", { kind: "Node", node: node("n7", { MemoryPressure: "True" }) }, false, /node n7 reports MemoryPressure=True/],
    ["the node reports DiskPressure", { kind: "Node", node: node("n7", { DiskPressure: "True" }) }, false, /DiskPressure=True/],
    ["the pressure is gone", { kind: "Node", node: node("n7") }, true, /n7 no longer reports resource pressure/],
    ["the node cannot be read", { kind: "unreadable", message: "Node n7 no longer exists" }, false, /no longer exists/],
  ])("%s", (_name, nodeObservation, healthy, message) => {
    const health = judgeAll([{ kind: "Pod" }, nodeObservation]);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });

  it("a cause that names no node is judged on every node", () => {
    const anyNode = verificationPlan({ target }, executed(step("delete_evicted_pods", { namespace: "shop" })));
    const judged = (nodes: ReturnType<typeof node>[]): boolean =>
      judgeSubject({ kind: "Node", name: "*", role: "cause" }, { kind: "Nodes", nodes }, anyNode, CLOCK).healthy;
    expect(anyNode.cause?.nodes).toEqual([]);
    expect(judged([node("a"), node("b")])).toBe(true);
    expect(judged([node("a"), node("b", { MemoryPressure: "True" })])).toBe(false);
  });
});

describe("combineHealth", () => {
  it.each<[string, { healthy: boolean; message: string }[], boolean, string]>([
    ["nothing judged", [], false, "nothing to verify"],
    ["all healthy", [{ healthy: true, message: "a" }, { healthy: true, message: "b" }], true, "a; b"],
    ["one unhealthy names only the problems", [{ healthy: true, message: "a" }, { healthy: false, message: "b bad" }], false, "b bad"],
  ])("%s", (_name, judged, healthy, message) => {
    expect(combineHealth(judged)).toEqual({ healthy, message });
  });
});
