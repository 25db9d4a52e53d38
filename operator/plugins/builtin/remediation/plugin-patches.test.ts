import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { controllerOf } from "./restart-pod.js";
import { restartPatch } from "./rollout-restart-deployment.js";
import { imagePatch } from "./set-deployment-image.js";
import { deleteOptions } from "./write-options.js";

describe("restartPatch", () => {
  it.each([
    [new Date("2026-01-15T08:30:00.123Z"), "2026-01-15T08:30:00Z"],
    [new Date("2026-12-31T23:59:59.000Z"), "2026-12-31T23:59:59Z"],
  ])("stamps %s as %s", (now, stamp) => {
    expect(restartPatch(now)).toEqual({
      spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": stamp } } } },
    });
  });
});

describe("imagePatch", () => {
  it.each([
    ["app", "registry.example/app:2.0"],
    ["sidecar", "proxy@sha256:abc"],
  ])("sets the image of %s only", (container, image) => {
    expect(imagePatch(container, image)).toEqual({ spec: { template: { spec: { containers: [{ name: container, image }] } } } });
  });
});

describe("controllerOf", () => {
  const owned = (controller: boolean | undefined): V1Pod => ({
    metadata: { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-7d9f", uid: "u", controller }] },
  });
  it.each<[string, V1Pod, string | undefined]>([
    ["a ReplicaSet's pod", owned(true), "ReplicaSet/web-7d9f"],
    ["a pod whose owner is not its controller", owned(undefined), undefined],
    ["a bare pod", { metadata: {} }, undefined],
  ])("%s -> %s", (_what, pod, expected) => {
    expect(controllerOf(pod)).toBe(expected);
  });
});

describe("deleteOptions", () => {
  it("carries only the uid precondition: the guarded client adds the dry run", () => {
    expect(deleteOptions("u1")).toEqual({ preconditions: { uid: "u1" } });
  });
});
