import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isEvicted, pickEvicted } from "./evicted-pods.js";

function pod(name: string, phase: string, reason?: string, createdSecond = 0): V1Pod {
  return {
    metadata: { name, creationTimestamp: new Date(Date.UTC(2026, 0, 15, 0, 0, createdSecond)) },
    status: { phase, reason },
  };
}

const deleting = (p: V1Pod): V1Pod => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date() } });

describe("isEvicted", () => {
  it.each([
    [pod("a", "Failed", "Evicted"), true],
    [pod("b", "Failed", "Error"), false],
    [pod("c", "Failed"), false],
    [pod("d", "Running", "Evicted"), false],
    [pod("e", "Succeeded"), false],
    [deleting(pod("f", "Failed", "Evicted")), false],
  ])("%j -> %s", (p, expected) => {
    expect(isEvicted(p)).toBe(expected);
  });
});

describe("pickEvicted", () => {
  const pods = [
    pod("new", "Failed", "Evicted", 30),
    pod("running", "Running", undefined, 1),
    pod("old", "Failed", "Evicted", 10),
    pod("mid", "Failed", "Evicted", 20),
    pod("crashed", "Failed", "Error", 5),
  ];
  it.each([
    [10, ["old", "mid", "new"], 0],
    [3, ["old", "mid", "new"], 0],
    [2, ["old", "mid"], 1],
    [1, ["old"], 2],
  ])("max %i picks %j and leaves %i", (max, names, left) => {
    const result = pickEvicted(pods, max);
    expect(result.picked.map((p) => p.metadata?.name)).toEqual(names);
    expect(result.left).toBe(left);
  });
});
