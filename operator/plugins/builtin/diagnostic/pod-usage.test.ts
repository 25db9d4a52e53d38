import type { PodMetric, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { podUsage } from "./pod-usage.js";

const MI = 2 ** 20;

function metric(name: string, ...containers: [string, string][]): PodMetric {
  return {
    metadata: { name, namespace: "shop", selfLink: "", creationTimestamp: "" },
    timestamp: "",
    window: "30s",
    containers: containers.map(([cpu, memory], i) => ({ name: `c${i}`, usage: { cpu, memory } })),
  };
}

const pod = (name: string): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: "app", resources: { requests: { cpu: "100m" }, limits: { memory: "128Mi" } } }] },
});

describe("podUsage", () => {
  it("sums containers, sorts by CPU and compares with requests and limits", () => {
    const rows = podUsage([metric("idle", ["1m", "10Mi"]), metric("busy", ["50m", "100Mi"], ["30000000n", "20Mi"])], [pod("busy")]);
    expect(rows.map((r) => r.name)).toEqual(["busy", "idle"]);
    expect(rows[0]).toEqual({
      name: "busy",
      cpu: "80m",
      memory: "120Mi",
      cpuMillicores: 80,
      memoryBytes: 120 * MI,
      memoryOfLimitPercent: 94,
      cpuOfRequestPercent: 80,
    });
    expect(rows[1]?.memoryOfLimitPercent).toBeUndefined();
  });

  it("is empty without metrics", () => {
    expect(podUsage([], [pod("a")])).toEqual([]);
  });
});
