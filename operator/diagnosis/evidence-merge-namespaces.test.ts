import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { PluginResult } from "../plugins/types.js";
import { absorbResult } from "./evidence-merge.js";
import { diagnoseWithRules } from "./rule-engine.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, states, T0 } from "./test-fixtures.js";
import { nodeFixture } from "./test-objects.js";
import { podFixture } from "./test-pods.js";

/** The same app in another namespace, on the same node: staging's copy of production's Deployment. */
const elsewhere = (pod: V1Pod, namespace: string): V1Pod => ({ ...pod, metadata: { ...pod.metadata, namespace, uid: `${namespace}-pod` } });

describe("pods that describe_node brings from every namespace on the node", () => {
  const healthy = podFixture({ node: "kwok-node-1" });
  const stagingOom = elsewhere(podFixture({ node: "kwok-node-1", suffix: "st4g3", memoryLimit: "128Mi", container: states.oomKilled() }), "staging");
  const describeNode: PluginResult = { ok: true, summary: "node kwok-node-1 Ready", data: { node: nodeFixture({ name: "kwok-node-1" }), pods: [healthy, stagingOom] } };
  const call = { tool: "describe_node", args: { node_name: "kwok-node-1" } };

  it("keep only the target's namespace for a Deployment", () => {
    const e = absorbResult(evidenceFixture(deploymentTarget(), { deployment: deploymentFixture(), pods: [healthy] }), call, describeNode);
    expect(e.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual([`production/${healthy.metadata?.name}`]);
    expect(diagnoseWithRules(e, { now: T0 }).mode).toBe("unknown");
  });

  it("are all kept for a Node", () => {
    const e = absorbResult(evidenceFixture({ kind: "Node", name: "kwok-node-1", namespace: "production" }), call, describeNode);
    expect(e.pods).toHaveLength(2);
  });
});
