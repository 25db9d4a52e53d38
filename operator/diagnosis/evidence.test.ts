import { describe, expect, it } from "vitest";
import type { PluginResult } from "../plugins/types.js";
import { gatherEvidence, type CallTool, type Target } from "./evidence.js";
import { diagnoseWithRules } from "./rule-engine.js";
import { deploymentFixture, deploymentTarget, fixtureOwnership, NS, replicaSetFixture, states } from "./test-fixtures.js";
import { eventFixture, nodeFixture, quotaFixture } from "./test-objects.js";
import { podFixture } from "./test-pods.js";

type Responder = (args: Record<string, unknown>) => PluginResult | Promise<PluginResult>;

/** A callTool that answers from a table and records every call, in order. */
function fakeTools(table: Record<string, Responder>): { callTool: CallTool; calls: { tool: string; args: Record<string, unknown> }[] } {
  const calls: { tool: string; args: Record<string, unknown> }[] = [];
  const callTool: CallTool = async (tool, args) => {
    calls.push({ tool, args });
    const respond = table[tool];
    return respond === undefined ? { ok: true, summary: "nothing", data: {} } : respond(args);
  };
  return { callTool, calls };
}

const ok = (data: Record<string, unknown>): PluginResult => ({ ok: true, summary: "ok", data });
const oomPod = podFixture({ memoryLimit: "128Mi", container: states.oomKilled() });
const healthyPod = podFixture({ suffix: "h4t6t" });
const strangerPod = podFixture({ deployment: "billing" });

const deploymentTools: Record<string, Responder> = {
  describe_deployment: () =>
    ok({ deployment: deploymentFixture({ memoryLimit: "128Mi" }), replicaSets: [replicaSetFixture("user-service", 1, "registry.example.com/user-service:1.4.0")] }),
  list_pods: () => ok({ pods: [oomPod, healthyPod, strangerPod], podOwners: [oomPod, healthyPod, strangerPod].map(fixtureOwnership) }),
  describe_pod: () => ok({ pod: oomPod, podOwners: [fixtureOwnership(oomPod)] }),
  get_events: () => ok({ events: [eventFixture({ reason: "BackOff", message: "Back-off restarting failed container", name: oomPod.metadata?.name ?? "" })] }),
  describe_node: () => ok({ node: nodeFixture() }),
  get_resource_quotas: () => ok({ quotas: [quotaFixture("compute-quota", { "limits.memory": "8Gi" }, { "limits.memory": "1Gi" })] }),
  get_configmap_secret_refs: () => ok({ missingRefs: [] }),
  search_knowledge: () => ok({ knowledge: [{ id: "kb-1", title: "JVM heap vs container limit", category: "kubernetes", score: 0.9, excerpt: "Set -Xmx" }] }),
};

describe("gatherEvidence for a Deployment", () => {
  it("calls describe_deployment first, then list_pods with its selector, then the details", async () => {
    const { callTool, calls } = fakeTools(deploymentTools);
    await gatherEvidence(deploymentTarget(), callTool);
    const tools = calls.map((c) => c.tool);
    expect(tools[0]).toBe("describe_deployment");
    expect(calls.find((c) => c.tool === "list_pods")?.args).toEqual({ namespace: NS, label_selector: "app=user-service" });
    expect(tools.indexOf("list_pods")).toBeLessThan(tools.indexOf("describe_pod"));
    expect(tools.at(-1)).toBe("search_knowledge");
    expect(calls.at(-1)?.args).toEqual({ query: "CrashLoopBackOff OOMKilled BackOff" });
    expect(new Set(tools).size).toBe(tools.length);
  });

  it("assembles the evidence the rules need", async () => {
    const { callTool } = fakeTools(deploymentTools);
    const evidence = await gatherEvidence(deploymentTarget(), callTool);
    expect(evidence.pods.map((p) => p.metadata?.name)).toEqual([oomPod.metadata?.name, healthyPod.metadata?.name]);
    expect(evidence.deployment?.metadata?.name).toBe("user-service");
    expect(evidence.nodes.map((n) => n.metadata?.name)).toEqual(["kwok-node-1"]);
    expect(evidence.podOwners.find((o) => o.pod.name === oomPod.metadata?.name)?.workload).toEqual({
      kind: "Deployment",
      namespace: NS,
      name: "user-service",
      uid: "uid-deploy-user-service",
    });
    expect(evidence.knowledge.map((k) => k.id)).toEqual(["kb-1"]);
    expect(evidence.toolFailures).toEqual([]);
    const result = diagnoseWithRules(evidence, { now: new Date("2026-01-15T10:05:00Z") });
    expect(result.mode).toBe("oom_killed");
    expect(result.proposal?.steps[0]?.parameters).toMatchObject({ memory_limit: "256Mi" });
  });

  it.each<[string, Responder]>([
    ["returns ok:false", () => ({ ok: false, summary: "describe_node failed", error: 'nodes "kwok-node-1" is forbidden' })],
    ["throws", () => Promise.reject(new Error('nodes "kwok-node-1" is forbidden'))],
  ])("records a tool that %s and keeps gathering", async (_name, failing) => {
    const { callTool, calls } = fakeTools({ ...deploymentTools, describe_node: failing });
    const evidence = await gatherEvidence(deploymentTarget(), callTool);
    expect(evidence.toolFailures).toEqual([{ tool: "describe_node", args: { node_name: "kwok-node-1" }, error: 'nodes "kwok-node-1" is forbidden' }]);
    expect(calls.map((c) => c.tool)).toContain("search_knowledge");
    expect(evidence.quotas).toHaveLength(1);
  });

  it("keeps the pods whose owner read in the cluster is the Deployment when describe_deployment fails", async () => {
    const { callTool, calls } = fakeTools({ ...deploymentTools, describe_deployment: () => ({ ok: false, summary: "", error: "not found" }) });
    const evidence = await gatherEvidence(deploymentTarget(), callTool);
    expect(calls.find((c) => c.tool === "list_pods")?.args).toEqual({ namespace: NS });
    expect(evidence.pods.map((p) => p.metadata?.name)).toEqual([oomPod.metadata?.name, healthyPod.metadata?.name]);
  });
});

describe("gatherEvidence for other targets", () => {
  const nodePods = [podFixture({ node: "kwok-node-3", podReady: false }), podFixture({ suffix: "lsv22", node: "kwok-node-1" })];

  it.each<[string, Target, Record<string, Responder>, string[]]>([
    [
      "a Node: described, its pods kept",
      { kind: "Node", name: "kwok-node-3" },
      { describe_node: () => ok({ node: nodeFixture({ name: "kwok-node-3", ready: "Unknown" }), pods: nodePods }) },
      ["describe_node", "get_events", "describe_pod", "search_knowledge"],
    ],
    [
      "a Service: endpoints first, then its pods",
      { kind: "Service", name: "checkout", namespace: NS },
      { get_service_endpoints: () => ok({ service: { metadata: { name: "checkout" }, spec: { selector: { app: "checkout" } } }, endpointSlices: [] }) },
      ["get_service_endpoints", "get_events", "get_resource_quotas", "list_pods"],
    ],
  ])("%s", async (_name, target, table, expectedTools) => {
    const { callTool, calls } = fakeTools(table);
    const evidence = await gatherEvidence(target, callTool);
    expect(calls.map((c) => c.tool)).toEqual(expectedTools);
    if (target.kind === "Node") expect(evidence.pods.map((p) => p.spec?.nodeName)).toEqual(["kwok-node-3"]);
  });
});
