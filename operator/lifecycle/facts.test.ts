import { describe, expect, it } from "vitest";
import type { Incident } from "../../lib/resources.js";
import { executionsInLastHour, lastExecutionOnObjects, stepObjectKey, UNKNOWN_OBJECT_KEY } from "./facts.js";

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

describe("lastExecutionOnObjects (the cooldown key is the written object)", () => {
  const restart = (pod: string, startedAt: string, ns = "default") => ({ plugin: "restart_pod", parameters: { namespace: ns, pod_name: pod }, state: "succeeded", startedAt });
  const withSteps = (name: string, target: string, steps: object[]): Incident => {
    const i = incident(name, target, []);
    i.status!.execution!.steps = steps.map((s, index) => ({ index, ...s })) as never;
    return i;
  };
  const self = withSteps("self", "web", [restart("web-1", minutesAgo(1))]);
  const keys = new Set([stepObjectKey({ plugin: "restart_pod", parameters: { namespace: "default", pod_name: "web-1" } })]);
  it.each<[string, Incident[], string | undefined]>([
    ["no other incident", [self], undefined],
    ["another incident on the same target writing another object", [self, withSteps("b", "web", [restart("web-2", minutesAgo(3))])], undefined],
    ["another incident on another target writing the same object", [self, withSteps("b", "api", [restart("web-1", minutesAgo(3))])], minutesAgo(3)],
    ["the same name in another namespace is another object", [self, withSteps("b", "web", [restart("web-1", minutesAgo(3), "other")])], undefined],
    ["the latest of several writes", [self, withSteps("b", "x", [restart("web-1", minutesAgo(30)), restart("web-1", minutesAgo(10))])], minutesAgo(10)],
    ["a pending step wrote nothing yet", [self, withSteps("b", "x", [{ ...restart("web-1", minutesAgo(2)), state: "pending" }])], undefined],
    ["a step still started counts", [self, withSteps("b", "x", [{ ...restart("web-1", minutesAgo(2)), state: "started" }])], minutesAgo(2)],
  ])("%s", (_name, incidents, expected) => {
    expect(lastExecutionOnObjects(incidents, self, keys)?.toISOString()).toBe(expected);
  });

  it.each([
    [{ plugin: "set_container_resources", parameters: { namespace: "a", deployment_name: "api" } }, "Deployment/a/api"],
    [{ plugin: "cordon_node", parameters: { node_name: "n1" } }, "Node/n1"],
    [{ plugin: "restart_pod", parameters: { pod_name: "p" } }, UNKNOWN_OBJECT_KEY],
    [{ plugin: "slow_counting_patch", parameters: { namespace: "a" } }, UNKNOWN_OBJECT_KEY],
  ])("keys %o as %s", (step, key) => {
    expect(stepObjectKey(step)).toBe(key);
  });
});
