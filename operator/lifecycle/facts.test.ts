import { describe, expect, it } from "vitest";
import type { Incident } from "../../lib/resources.js";
import { executionsInLastHour, lastExecutionOnTarget } from "./facts.js";

const now = new Date("2026-01-15T12:00:00Z");
const minutesAgo = (m: number): string => new Date(now.getTime() - m * 60_000).toISOString();

function incident(name: string, target: string, steps: { state: string; startedAt?: string }[]): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name },
    spec: { target: { kind: "Deployment", name: target, namespace: "default" } } as Incident["spec"],
    status: {
      execution: {
        proposalRevision: 1,
        startedAt: minutesAgo(0),
        steps: steps.map((s, index) => ({ index, plugin: "restart_pod", ...s })) as never,
      },
    },
  };
}

describe("executionsInLastHour", () => {
  it.each<[string, Incident[], number]>([
    ["none", [], 0],
    ["two recent steps and one old", [incident("a", "web", [{ state: "succeeded", startedAt: minutesAgo(5) }, { state: "failed", startedAt: minutesAgo(59) }]), incident("b", "api", [{ state: "succeeded", startedAt: minutesAgo(61) }])], 2],
    ["pending and skipped steps do not count", [incident("a", "web", [{ state: "pending" }, { state: "skipped" }])], 0],
    ["an interrupted step counts: it may have changed the cluster", [incident("a", "web", [{ state: "interrupted", startedAt: minutesAgo(1) }])], 1],
  ])("%s", (_name, incidents, count) => {
    expect(executionsInLastHour(incidents, now)).toBe(count);
  });
});

describe("lastExecutionOnTarget", () => {
  const self = incident("self", "web", [{ state: "succeeded", startedAt: minutesAgo(1) }]);
  it.each<[string, Incident[], string | undefined]>([
    ["no other incident", [self], undefined],
    ["another target only", [self, incident("b", "api", [{ state: "succeeded", startedAt: minutesAgo(3) }])], undefined],
    ["the latest step of other incidents on the same target", [self, incident("b", "web", [{ state: "succeeded", startedAt: minutesAgo(30) }, { state: "succeeded", startedAt: minutesAgo(10) }])], minutesAgo(10)],
  ])("%s", (_name, incidents, expected) => {
    expect(lastExecutionOnTarget(incidents, self)?.toISOString()).toBe(expected);
  });
});
