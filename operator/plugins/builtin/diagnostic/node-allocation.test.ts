import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { nodeAllocation, nodePressure, nodeStatusWord, podShares, taintStrings } from "./node-allocation.js";

const GI = 2 ** 30;
const MI = 2 ** 20;

function node(conditions: [string, string][] = [["Ready", "True"]], unschedulable = false): V1Node {
  return {
    metadata: { name: "n1" },
    spec: { unschedulable },
    status: {
      allocatable: { cpu: "8", memory: "32Gi", pods: "110" },
      conditions: conditions.map(([type, status]) => ({ type, status })),
    },
  };
}

function pod(name: string, cpu: string, memory: string, memoryLimit?: string): V1Pod {
  return {
    metadata: { name, namespace: "shop" },
    spec: {
      containers: [
        { name: "app", resources: { requests: { cpu, memory }, limits: memoryLimit ? { memory: memoryLimit } : {} } },
      ],
    },
  };
}

describe("nodeAllocation", () => {
  it("adds up the pods' requests and limits against allocatable", () => {
    const pods = [pod("a", "500m", "1Gi", "2Gi"), pod("b", "1500m", "3Gi")];
    const a = nodeAllocation(node(), pods);
    expect(a.podCount).toBe(2);
    expect(a.requests).toEqual({ cpuMillicores: 2000, memoryBytes: 4 * GI, cpu: "2", memory: "4Gi" });
    expect(a.limits.memoryBytes).toBe(2 * GI);
    expect(a.allocatable).toMatchObject({ cpuMillicores: 8000, memoryBytes: 32 * GI, pods: 110 });
    expect(a.percent).toEqual({ cpuRequests: 25, memoryRequests: 13, cpuLimits: 0, memoryLimits: 6, pods: 2 });
  });

  it("is zero for an empty node", () => {
    expect(nodeAllocation(node(), []).requests).toEqual({ cpuMillicores: 0, memoryBytes: 0, cpu: "0", memory: "0" });
  });

  it("lists each pod's share, largest first, summing to the total", () => {
    const pods = [pod("a", "100m", "64Mi"), pod("b", "250m", "128Mi")];
    const shares = podShares(pods);
    expect(shares.map((s) => s.name)).toEqual(["b", "a"]);
    expect(shares.reduce((s, p) => s + p.cpuMillicores, 0)).toBe(nodeAllocation(node(), pods).requests.cpuMillicores);
    expect(shares[1]).toEqual({ namespace: "shop", name: "a", cpuMillicores: 100, memoryBytes: 64 * MI });
  });
});

describe("node status", () => {
  it.each<[string, V1Node, string, string[]]>([
    ["a healthy node", node(), "Ready", []],
    ["a node under memory pressure", node([["Ready", "True"], ["MemoryPressure", "True"], ["DiskPressure", "False"]]), "Ready", ["MemoryPressure"]],
    ["a node that is not ready", node([["Ready", "False"]]), "NotReady", []],
    ["a node without conditions", node([]), "Unknown", []],
    ["a cordoned node", node([["Ready", "True"]], true), "Ready,SchedulingDisabled", []],
  ])("%s", (_name, n, word, pressure) => {
    expect(nodeStatusWord(n)).toBe(word);
    expect(nodePressure(n)).toEqual(pressure);
  });

  it("prints taints", () => {
    expect(taintStrings([{ key: "gpu", value: "true", effect: "NoSchedule" }, { key: "spot", effect: "NoExecute" }])).toEqual([
      "gpu=true:NoSchedule",
      "spot:NoExecute",
    ]);
    expect(taintStrings(undefined)).toEqual([]);
  });
});
