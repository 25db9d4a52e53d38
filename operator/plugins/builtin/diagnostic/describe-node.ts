/** describe_node: conditions, taints, allocatable, the requests its pods claim, and pressure. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg } from "./args.js";
import { conditionDigest } from "./conditions.js";
import { eventsAbout } from "./events.js";
import { MAX_PODS } from "./list-pods.js";
import { nodeAllocation, nodePressure, nodeStatusWord, podShares, taintStrings, type NodeAllocation } from "./node-allocation.js";
import { guarded } from "./outcome.js";
import { podOwnersOf } from "./pod-owners.js";
import { holdsResources } from "./pod-resources.js";
import { abortable } from "./request-options.js";
import { trimObject } from "./trim.js";

const args = z.object({ node_name: nameArg("Node") });

function allocationLine(a: NodeAllocation): string {
  const pct = (n: number | undefined): string => (n === undefined ? "" : ` (${n}%)`);
  return [
    `cpu requests ${a.requests.cpu}/${a.allocatable.cpu}${pct(a.percent.cpuRequests)}`,
    `memory requests ${a.requests.memory}/${a.allocatable.memory}${pct(a.percent.memoryRequests)}`,
    `${a.podCount}/${a.allocatable.pods} pods`,
  ].join(", ");
}

async function describeNode(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const node = await core.readNode({ name: a.node_name }, options);
  const [podList, events] = await Promise.all([
    core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${a.node_name}` }, options),
    // Node events are recorded in the default namespace.
    eventsAbout(core, "default", [{ kind: "Node", name: a.node_name }], options),
  ]);
  const pods = podList.items.filter(holdsResources);
  const podOwners = await podOwnersOf(ctx.kc, pods.slice(0, MAX_PODS), options);
  const allocation = nodeAllocation(node, pods);
  const pressure = nodePressure(node);
  const taints = taintStrings(node.spec?.taints);
  const summary = [
    `node ${a.node_name} ${nodeStatusWord(node)}`,
    allocationLine(allocation),
    pressure.length > 0 ? `pressure: ${pressure.join(", ")}` : "no pressure",
    `taints: ${taints.length > 0 ? taints.join(", ") : "none"}`,
  ].join("; ");
  return {
    ok: true,
    summary,
    data: {
      node: trimObject(node),
      conditions: conditionDigest(node.status?.conditions),
      allocation,
      podRequests: podShares(pods).slice(0, MAX_PODS),
      // The rule engine reads the pods of a NotReady or pressured node from here.
      pods: pods.slice(0, MAX_PODS).map((p) => trimObject(p)),
      // Who owns each of them, read from the cluster: a fix names the owner, never the node.
      podOwners,
      pressure,
      taints,
      events,
    },
  };
}

/** describe_node */
export const describeNodePlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_node",
  description: "查看节点详情（条件、污点、资源分配与压力）",
  args,
  run: (ctx, a) => guarded({ kind: "node", name: a.node_name }, () => describeNode(ctx, a)),
});
