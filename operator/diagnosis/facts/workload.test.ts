import { describe, expect, it } from "vitest";
import { deploymentTarget, evidenceFixture } from "../test-fixtures.js";
import { eventFixture } from "../test-objects.js";
import { podFixture } from "../test-pods.js";
import { targetEvents } from "./events.js";
import { deploymentOfPod, isNamedAfterDeployment, namespaceOf } from "./workload.js";

describe("isNamedAfterDeployment", () => {
  it.each<[string, string, boolean]>([
    ["web-5f7c9d4b8", "web", true],
    ["web-5f7c9d4b8-x2x9k", "web", true],
    ["web-frontend-5f7c9d4b8-x2x9k", "web", false],
    ["web-frontend", "web", false],
    ["web", "web", false],
    ["api-5f7c9d4b8", "web", false],
  ])("%s of %s -> %s", (name, deployment, expected) => {
    expect(isNamedAfterDeployment(name, deployment)).toBe(expected);
  });
});

describe("deploymentOfPod", () => {
  it.each<[string, ReturnType<typeof podFixture>, string | undefined]>([
    ["a ReplicaSet pod", podFixture({ deployment: "checkout" }), "checkout"],
    ["a StatefulSet pod", podFixture({ statefulSet: "postgres" }), undefined],
  ])("%s", (_name, pod, expected) => {
    expect(deploymentOfPod(pod)).toBe(expected);
  });
});

describe("namespaceOf", () => {
  it.each<[Parameters<typeof namespaceOf>[0], string]>([
    [{ kind: "Deployment", name: "web", namespace: "shop" }, "shop"],
    [{ kind: "Deployment", name: "web" }, "default"],
    [{ kind: "Namespace", name: "shop" }, "shop"],
  ])("%j -> %s", (target, expected) => {
    expect(namespaceOf(target)).toBe(expected);
  });
});

describe("targetEvents", () => {
  const pod = podFixture();
  const e = evidenceFixture(deploymentTarget(), {
    pods: [pod],
    events: [
      eventFixture({ reason: "BackOff", message: "m", name: pod.metadata?.name ?? "" }),
      eventFixture({ reason: "FailedCreate", message: "m", kind: "ReplicaSet", name: "user-service-6b8d7f9c4" }),
      eventFixture({ reason: "BackOff", message: "m", name: "user-service-worker-6b8d7f9c4-x2x9k" }),
      eventFixture({ reason: "BackOff", message: "m", name: "billing-6b8d7f9c4-x2x9k" }),
    ],
  });

  it("keeps the target's pods and the ReplicaSets its Deployment generates, not its namesakes", () => {
    expect(targetEvents(e).map((ev) => ev.involvedObject.name)).toEqual([pod.metadata?.name, "user-service-6b8d7f9c4"]);
  });

  it("keeps every event of a Namespace target", () => {
    expect(targetEvents({ ...e, target: { kind: "Namespace", name: "production" } })).toHaveLength(4);
  });
});
