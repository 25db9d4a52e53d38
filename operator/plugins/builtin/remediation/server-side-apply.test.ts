import type { V1Deployment, V1ManagedFieldsEntry } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { containerKey } from "./managed-fields.js";
import { requestedSettings, resourceFields, resourcesPatch } from "./resource-change.js";
import { mergeApplied, planDeploymentApply } from "./server-side-apply.js";
import { imagePatch } from "./set-deployment-image.js";

const app = containerKey("app");
const memory = requestedSettings({ memory_limit: "256Mi" });
const memoryEdit = { fields: resourceFields("app", memory), patch: resourcesPatch("app", memory) };

function deployment(managedFields: V1ManagedFieldsEntry[]): V1Deployment {
  return {
    metadata: { name: "web", namespace: "shop", managedFields },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: { spec: { containers: [{ name: "app", image: "app:1", resources: { limits: { memory: "128Mi", cpu: "1" } } }] } },
    },
  };
}
const limitsOwnedBy = (manager: string, operation: string): V1ManagedFieldsEntry => ({
  manager,
  operation,
  fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { [app]: { "f:image": {}, "f:resources": { "f:limits": { "f:memory": {}, "f:cpu": {} } } } } } } } },
});

describe("mergeApplied", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["maps merge key by key", { a: { x: 1 } }, { a: { y: 2 } }, { a: { x: 1, y: 2 } }],
    ["the change wins on a leaf", { a: 1 }, { a: 2 }, { a: 2 }],
    ["named elements merge by name", { c: [{ name: "app", image: "a:1" }] }, { c: [{ name: "app", resources: { limits: { memory: "1Gi" } } }] }, { c: [{ name: "app", image: "a:1", resources: { limits: { memory: "1Gi" } } }] }],
    ["a new named element is added", { c: [{ name: "app" }] }, { c: [{ name: "sidecar" }] }, { c: [{ name: "app" }, { name: "sidecar" }] }],
    ["unnamed lists are replaced", { args: ["a"] }, { args: ["b"] }, { args: ["b"] }],
  ])("%s", (_what, base, change, expected) => {
    expect(mergeApplied(base, change)).toEqual(expected);
  });
});

describe("planDeploymentApply", () => {
  it("applies only the changed field, and names whom kubefix takes it from", () => {
    const plan = planDeploymentApply(deployment([limitsOwnedBy("kubectl-client-side-apply", "Update")]), memoryEdit);
    expect(plan).toEqual({
      body: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop" },
        spec: { template: { spec: { containers: [{ name: "app", resources: { limits: { memory: "256Mi" } } }] } } },
      },
      previousManagers: { ".spec.template.spec.containers[name=app].resources.limits.memory": ["kubectl-client-side-apply (Update)"] },
    });
  });

  it("refuses a field another manager declared through server-side apply", () => {
    const plan = planDeploymentApply(deployment([limitsOwnedBy("argocd-controller", "Apply")]), memoryEdit);
    expect(plan).toEqual({
      refused:
        ".spec.template.spec.containers[name=app].resources.limits.memory is declared by argocd-controller through server-side apply; kubefix does not take a declared field, change it where argocd-controller gets it from",
    });
  });

  it("keeps what kubefix applied earlier, so a later image change does not drop an earlier memory raise", () => {
    const earlier: V1ManagedFieldsEntry = {
      manager: "kubefix",
      operation: "Apply",
      fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { [app]: { "f:name": {}, "f:resources": { "f:limits": { "f:memory": {} } } } } } } } },
    };
    const fields = [["f:spec", "f:template", "f:spec", "f:containers", app, "f:image"]];
    const plan = planDeploymentApply(deployment([earlier]), { fields, patch: imagePatch("app", "app:2") });
    expect(plan).toMatchObject({
      body: { spec: { template: { spec: { containers: [{ name: "app", image: "app:2", resources: { limits: { memory: "128Mi" } } }] } } } },
      previousManagers: { ".spec.template.spec.containers[name=app].image": [] },
    });
  });
});
