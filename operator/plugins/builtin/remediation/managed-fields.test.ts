import type { V1ManagedFieldsEntry } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { containerKey, extractOwned, fieldOwners, fieldPathText, kubefixApplied, type FieldsV1 } from "./managed-fields.js";

const app = containerKey("app");
const memoryLimit = ["f:spec", "f:template", "f:spec", "f:containers", app, "f:resources", "f:limits", "f:memory"];
const containerFields = (leaf: FieldsV1): FieldsV1 => ({ "f:spec": { "f:template": { "f:spec": { "f:containers": { [app]: leaf } } } } });
const entry = (manager: string, operation: string, fieldsV1: FieldsV1, subresource?: string): V1ManagedFieldsEntry => ({
  manager,
  operation,
  fieldsV1,
  ...(subresource ? { subresource } : {}),
});

describe("fieldPathText", () => {
  it.each([
    [memoryLimit, ".spec.template.spec.containers[name=app].resources.limits.memory"],
    [["f:spec", "f:paused"], ".spec.paused"],
    [["f:spec", "f:template", "f:metadata", "f:annotations", "f:kubectl.kubernetes.io/restartedAt"], ".spec.template.metadata.annotations.kubectl.kubernetes.io/restartedAt"],
  ])("%j -> %s", (path, text) => {
    expect(fieldPathText(path)).toBe(text);
  });
});

describe("fieldOwners", () => {
  const creator = entry("node-fetch", "Update", containerFields({ ".": {}, "f:name": {}, "f:resources": { "f:limits": { "f:memory": {} } } }));
  const scaler = entry("kubefix", "Update", { "f:spec": { "f:replicas": {} } }, "scale");
  const ours = entry("kubefix", "Apply", containerFields({ "f:resources": { "f:limits": { "f:memory": {} } } }));
  const gitops = entry("argocd-controller", "Apply", containerFields({ "f:image": {} }));

  it.each<[string, V1ManagedFieldsEntry[] | undefined, string[], { manager: string; operation: string }[]]>([
    ["no managedFields", undefined, memoryLimit, []],
    ["set at create by an Update manager", [creator], memoryLimit, [{ manager: "node-fetch", operation: "Update" }]],
    ["kubefix's own apply configuration is not another owner", [ours], memoryLimit, []],
    ["a subresource's entry does not own the main resource's fields", [scaler], ["f:spec", "f:replicas"], []],
    ["an Apply manager of another field does not own this one", [gitops], memoryLimit, []],
    ["an Apply manager of this field", [gitops], ["f:spec", "f:template", "f:spec", "f:containers", app, "f:image"], [{ manager: "argocd-controller", operation: "Apply" }]],
    ["a sibling container's field is not this one", [creator], ["f:spec", "f:template", "f:spec", "f:containers", containerKey("sidecar"), "f:resources", "f:limits", "f:memory"], []],
  ])("%s", (_what, managedFields, path, owners) => {
    expect(fieldOwners(managedFields, path)).toEqual(owners);
  });
});

describe("extractOwned and kubefixApplied", () => {
  const deployment = {
    metadata: {
      name: "web",
      managedFields: [
        entry("kubefix", "Apply", {
          "f:spec": {
            "f:paused": {},
            "f:template": { "f:spec": { "f:containers": { [app]: { ".": {}, "f:name": {}, "f:resources": { "f:limits": { "f:memory": {} } } } } } },
          },
        }),
        entry("node-fetch", "Update", { "f:spec": { "f:replicas": {} } }),
      ],
    },
    spec: {
      replicas: 3,
      paused: false,
      template: {
        spec: {
          containers: [
            { name: "app", image: "app:1", resources: { limits: { memory: "256Mi", cpu: "1" }, requests: { memory: "64Mi" } } },
            { name: "sidecar", image: "proxy:1" },
          ],
        },
      },
    },
  };

  it("keeps exactly the fields kubefix applied before, with their live values", () => {
    expect(kubefixApplied(deployment)).toEqual({
      spec: { paused: false, template: { spec: { containers: [{ name: "app", resources: { limits: { memory: "256Mi" } } }] } } },
    });
  });

  it("is empty for an object kubefix never applied to", () => {
    expect(kubefixApplied({ metadata: { managedFields: [entry("node-fetch", "Update", { "f:spec": {} })] } })).toEqual({});
    expect(kubefixApplied({})).toEqual({});
  });

  it.each<[string, unknown, FieldsV1, unknown]>([
    ["a leaf takes the whole value", { a: { b: 1 } }, { "f:a": {} }, { a: { b: 1 } }],
    ["a missing field is left out", { a: 1 }, { "f:b": {} }, {}],
    ["a set element by value", { finalizers: ["x", "y"] }, { "f:finalizers": { 'v:"y"': {} } }, { finalizers: ["y"] }],
    ["a list element that is gone is left out", { c: [{ name: "a" }] }, { "f:c": { 'k:{"name":"b"}': { "f:image": {} } } }, { c: [] }],
  ])("%s", (_what, value, fields, expected) => {
    expect(extractOwned(value, fields)).toEqual(expected);
  });
});
