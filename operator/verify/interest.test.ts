import type { KubernetesObject, V1LabelSelector } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isRelevant, nodeSignature, type Collection, type Interest, type SelectorLookup } from "./interest.js";

const podsOfWeb: Interest = { kind: "pods_of", namespace: "shop", owner: { kind: "Deployment", name: "web" } };
const obj = (name: string, labels: Record<string, string> = {}): KubernetesObject => ({ metadata: { name, labels } });
const lookup = (selector: V1LabelSelector | undefined): SelectorLookup => () => selector;
const shopPods: Collection = { kind: "Pod", namespace: "shop" };

describe("isRelevant", () => {
  const stableOnly = { matchLabels: { app: "web" }, matchExpressions: [{ key: "track", operator: "NotIn", values: ["canary"] }] };
  it.each<[string, Interest, Collection, KubernetesObject, SelectorLookup, boolean]>([
    ["a pod the workload's full selector picks", podsOfWeb, shopPods, obj("a", { app: "web" }), lookup(stableOnly), true],
    ["a canary pod its matchExpressions leave out", podsOfWeb, shopPods, obj("c", { app: "web", track: "canary" }), lookup(stableOnly), false],
    ["a pod of another namespace", podsOfWeb, { kind: "Pod", namespace: "ops" }, obj("a", { app: "web" }), lookup(stableOnly), false],
    ["any pod while the selector is not known yet", podsOfWeb, shopPods, obj("x"), lookup(undefined), true],
    ["no pod for an empty selector", podsOfWeb, shopPods, obj("x"), lookup({}), false],
    ["the named object", { kind: "object", collection: { kind: "Node" }, name: "n1" }, { kind: "Node" }, obj("n1"), lookup(undefined), true],
    ["another object of the kind", { kind: "object", collection: { kind: "Node" }, name: "n1" }, { kind: "Node" }, obj("n2"), lookup(undefined), false],
    ["the Service's slice", { kind: "slices_of", namespace: "shop", service: "web" }, { kind: "EndpointSlice", namespace: "shop" }, obj("s", { "kubernetes.io/service-name": "web" }), lookup(undefined), true],
    ["any node for a cause naming none", { kind: "any_node" }, { kind: "Node" }, obj("n9"), lookup(undefined), true],
  ])("%s", (_name, interest, collection, o, selectors, relevant) => {
    expect(isRelevant(interest, collection, o, selectors)).toBe(relevant);
  });
});

describe("nodeSignature", () => {
  it("ignores heartbeat times and order, sees a status change and a cordon", () => {
    const base = { status: { conditions: [{ type: "Ready", status: "True" }, { type: "MemoryPressure", status: "False" }] } };
    const reordered = { status: { conditions: [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: "True" }] } };
    expect(nodeSignature(base)).toBe(nodeSignature(reordered));
    expect(nodeSignature(base)).not.toBe(nodeSignature({ status: { conditions: [{ type: "Ready", status: "True" }, { type: "MemoryPressure", status: "True" }] } }));
    expect(nodeSignature(base)).not.toBe(nodeSignature({ ...base, spec: { unschedulable: true } }));
  });
});
