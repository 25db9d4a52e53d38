import type { V1ResourceQuota } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { nearLimit, quotaUsage } from "./quota-usage.js";

function quota(name: string, hard: Record<string, string>, used?: Record<string, string>): V1ResourceQuota {
  return { metadata: { name }, spec: { hard }, status: used ? { hard, used } : undefined };
}

describe("quotaUsage", () => {
  it("compares used with hard, fullest first", () => {
    const hard = { pods: "5", "requests.cpu": "2", "requests.memory": "4Gi" };
    const rows = quotaUsage([quota("q1", hard, { pods: "5", "requests.cpu": "500m", "requests.memory": "1Gi" })]);
    expect(rows).toEqual([
      { quota: "q1", resource: "pods", used: "5", hard: "5", percent: 100 },
      { quota: "q1", resource: "requests.cpu", used: "500m", hard: "2", percent: 25 },
      { quota: "q1", resource: "requests.memory", used: "1Gi", hard: "4Gi", percent: 25 },
    ]);
  });

  it("reads a quota the controller has not yet counted as nothing used", () => {
    expect(quotaUsage([quota("fresh", { pods: "3" })])).toEqual([{ quota: "fresh", resource: "pods", used: "0", hard: "3", percent: 0 }]);
  });
});

describe("nearLimit", () => {
  it.each<[string, V1ResourceQuota, string[]]>([
    ["nothing near", quota("q", { pods: "10" }, { pods: "2" }), []],
    ["exactly at the threshold", quota("q", { pods: "10" }, { pods: "8" }), ["pods 8/10 (80%) in q"]],
    ["a zero hard limit already used", quota("q", { "count/secrets": "0" }, { "count/secrets": "1" }), ["count/secrets 1/0 in q"]],
    ["a zero hard limit unused", quota("q", { "count/secrets": "0" }, { "count/secrets": "0" }), []],
  ])("%s", (_name, q, lines) => {
    expect(nearLimit(quotaUsage([q]))).toEqual(lines);
  });
});
