import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { holdsResources, podResources, totalResources } from "./pod-resources.js";

const MI = 2 ** 20;

function container(name: string, cpu?: string, memory?: string, limitMemory?: string): V1Container {
  return {
    name,
    resources: {
      requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) },
      limits: limitMemory ? { memory: limitMemory } : {},
    },
  };
}

function pod(containers: V1Container[], initContainers: V1Container[] = [], phase = "Running"): V1Pod {
  return { spec: { containers, initContainers }, status: { phase } };
}

describe("podResources", () => {
  it.each<[string, V1Pod, number, number, number]>([
    ["one container", pod([container("a", "100m", "64Mi", "128Mi")]), 0.1, 64 * MI, 128 * MI],
    ["two containers add up", pod([container("a", "100m", "64Mi"), container("b", "250m", "32Mi")]), 0.35, 96 * MI, 0],
    ["no requests", pod([container("a")]), 0, 0, 0],
    ["a larger init container wins", pod([container("a", "100m", "64Mi")], [container("init", "1", "16Mi")]), 1, 64 * MI, 0],
    [
      "a sidecar adds to the app containers",
      pod([container("a", "100m", "64Mi")], [{ ...container("proxy", "50m", "32Mi"), restartPolicy: "Always" }]),
      0.15,
      96 * MI,
      0,
    ],
  ])("%s", (_name, p, cpu, memory, memoryLimit) => {
    const r = podResources(p);
    expect(r.requests.cpu).toBeCloseTo(cpu, 9);
    expect(r.requests.memory).toBe(memory);
    expect(r.limits.memory).toBe(memoryLimit);
  });

  it("counts the pod overhead", () => {
    const p = pod([container("a", "100m", "64Mi")]);
    p.spec!.overhead = { cpu: "50m", memory: "10Mi" };
    const { requests } = podResources(p);
    expect(requests.cpu).toBeCloseTo(0.15, 9);
    expect(requests.memory).toBe(74 * MI);
  });
});

describe("totalResources and holdsResources", () => {
  it("sums pods", () => {
    const total = totalResources([pod([container("a", "100m", "64Mi")]), pod([container("b", "400m", "64Mi", "1Gi")])]);
    expect(total.requests.cpu).toBeCloseTo(0.5, 9);
    expect(total.requests.memory).toBe(128 * MI);
    expect(total.limits.memory).toBe(1024 * MI);
  });

  it.each<[string, boolean]>([
    ["Running", true],
    ["Pending", true],
    ["Succeeded", false],
    ["Failed", false],
  ])("a %s pod holds resources: %s", (phase, holds) => {
    expect(holdsResources(pod([], [], phase))).toBe(holds);
  });
});
