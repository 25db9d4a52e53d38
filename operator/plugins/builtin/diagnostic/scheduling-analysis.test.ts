import type { V1Node, V1Pod, V1Taint, V1Toleration } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { matchesNodeSelector, nodeFit, schedulingReasons, untoleratedTaints, type SchedulingReason } from "./scheduling-analysis.js";

describe("schedulingReasons", () => {
  it.each<[string | undefined, SchedulingReason[]]>([
    [
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      [{ nodes: 2, reason: "Insufficient cpu" }],
    ],
    [
      "0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: x",
      [
        { nodes: 1, reason: "Insufficient memory" },
        { nodes: 2, reason: "node(s) didn't match Pod's node affinity/selector" },
      ],
    ],
    [
      "0/1 nodes are available: 1 node(s) had untolerated taint {gpu: true}.",
      [{ nodes: 1, reason: "node(s) had untolerated taint {gpu: true}" }],
    ],
    ["no nodes available to schedule pods", []],
    [undefined, []],
  ])("%s", (message, reasons) => {
    expect(schedulingReasons(message)).toEqual(reasons);
  });
});

describe("untoleratedTaints", () => {
  const gpu: V1Taint = { key: "gpu", value: "true", effect: "NoSchedule" };
  const soft: V1Taint = { key: "spot", effect: "PreferNoSchedule" };
  const drain: V1Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };

  it.each<[string, V1Toleration[] | undefined, string[]]>([
    ["no tolerations", undefined, ["gpu", "node.kubernetes.io/unreachable"]],
    ["an Equal toleration", [{ key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule" }], ["node.kubernetes.io/unreachable"]],
    ["a wrong value", [{ key: "gpu", operator: "Equal", value: "false" }], ["gpu", "node.kubernetes.io/unreachable"]],
    ["an Exists toleration for one key", [{ key: "node.kubernetes.io/unreachable", operator: "Exists" }], ["gpu"]],
    ["a wildcard toleration", [{ operator: "Exists" }], []],
    ["a toleration for another effect", [{ key: "gpu", operator: "Exists", effect: "NoExecute" }], ["gpu", "node.kubernetes.io/unreachable"]],
  ])("%s", (_name, tolerations, keys) => {
    expect(untoleratedTaints([gpu, soft, drain], tolerations).map((t) => t.key)).toEqual(keys);
  });
});

describe("nodeFit", () => {
  const node = (labels: Record<string, string> = {}, taints: V1Taint[] = [], ready = "True"): V1Node => ({
    metadata: { name: "n1", labels },
    spec: { taints },
    status: { allocatable: { cpu: "8", memory: "32Gi", pods: "110" }, conditions: [{ type: "Ready", status: ready }] },
  });
  const running: V1Pod = { spec: { containers: [{ name: "a", resources: { requests: { cpu: "2", memory: "2Gi" } } }] } };
  const pending = (selector?: Record<string, string>): V1Pod => ({ spec: { containers: [], nodeSelector: selector } });

  it.each<[string, V1Node, V1Pod, number, Partial<ReturnType<typeof nodeFit>>]>([
    ["a pod that fits", node(), pending(), 1, { fits: true, fitsCpu: true, freeCpu: "6", freeMemory: "30Gi" }],
    ["too much cpu", node(), pending(), 500, { fits: false, fitsCpu: false, fitsMemory: true }],
    ["exactly the free cpu", node(), pending(), 6, { fits: true, fitsCpu: true }],
    ["a selector the node lacks", node({ disk: "hdd" }), pending({ disk: "ssd" }), 1, { fits: false, matchesSelector: false }],
    ["a selector the node has", node({ disk: "ssd" }), pending({ disk: "ssd" }), 1, { fits: true, matchesSelector: true }],
    ["a taint", node({}, [{ key: "gpu", effect: "NoSchedule" }]), pending(), 1, { fits: false, untoleratedTaints: ["gpu:NoSchedule"] }],
    ["a node that is not ready", node({}, [], "False"), pending(), 1, { fits: false, ready: false }],
  ])("%s", (_name, n, p, cpu, expected) => {
    expect(nodeFit(n, [running], p, { cpu, memory: 0 })).toMatchObject(expected);
  });

  it("matches an empty selector anywhere", () => {
    expect(matchesNodeSelector(node(), undefined)).toBe(true);
  });
});
