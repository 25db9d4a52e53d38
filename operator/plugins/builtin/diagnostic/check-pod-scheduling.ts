/**
 * check_pod_scheduling: why a pod is not scheduled. The scheduler's own words
 * (PodScheduled condition, FailedScheduling events) first, then each node
 * checked against the pod's requests, nodeSelector and tolerations.
 */
import { CoreV1Api, type ConfigurationOptions, type CoreV1Event, type V1Pod, type V1PodSpec } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { conditionOf } from "./conditions.js";
import { eventsAbout } from "./events.js";
import { MAX_NODES } from "./list-nodes.js";
import { amount } from "./node-allocation.js";
import { guarded } from "./outcome.js";
import { holdsResources, podResources, type CpuMemory } from "./pod-resources.js";
import { formatBytes, formatCpu } from "./quantity.js";
import { abortable } from "./request-options.js";
import { nodeFit, schedulingReasons, type NodeFit } from "./scheduling-analysis.js";
import { trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, pod_name: nameArg("Pod") });

/** The scheduler's message without its preemption postscript. */
function mainMessage(message: string | undefined): string | undefined {
  return message?.split(/\.\s+preemption:/)[0];
}

async function nodeFits(core: CoreV1Api, pod: V1Pod, requests: CpuMemory, options: ConfigurationOptions): Promise<NodeFit[]> {
  const [nodes, pods] = await Promise.all([
    core.listNode({}, options),
    core.listPodForAllNamespaces({ fieldSelector: "spec.nodeName!=" }, options),
  ]);
  const byNode = new Map<string, V1Pod[]>();
  for (const p of pods.items.filter(holdsResources)) {
    const name = p.spec?.nodeName ?? "";
    byNode.set(name, [...(byNode.get(name) ?? []), p]);
  }
  return nodes.items.slice(0, MAX_NODES).map((n) => nodeFit(n, byNode.get(n.metadata?.name ?? "") ?? [], pod, requests));
}

function constraintsLine(pod: V1Pod, requests: CpuMemory): string {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
  return [
    `requests cpu ${formatCpu(requests.cpu)}, memory ${formatBytes(requests.memory)}`,
    ...(selector.length > 0 ? [`nodeSelector ${selector.join(",")}`] : []),
    ...(pod.spec?.affinity?.nodeAffinity ? ["has node affinity"] : []),
    `${pod.spec?.tolerations?.length ?? 0} tolerations`,
  ].join(", ");
}

function scheduledResult(pod: V1Pod, node: string): PluginResult {
  return {
    ok: true,
    summary: `pod ${pod.metadata?.namespace ?? "?"}/${pod.metadata?.name ?? "?"} is scheduled on node ${node}`,
    data: { pod: trimObject(pod), scheduled: true, node },
  };
}

/** What was found about a pod that has no node. */
interface Findings {
  pod: V1Pod;
  requests: CpuMemory;
  failures: CoreV1Event[];
  fits: NodeFit[];
}

function unscheduledSummary(pod: V1Pod, verdict: string | undefined, requests: CpuMemory, fits: readonly NodeFit[]): string {
  const fitting = fits.filter((f) => f.fits).map((f) => f.node);
  const name = `${pod.metadata?.namespace ?? "?"}/${pod.metadata?.name ?? "?"}`;
  return [
    `pod ${name} is not scheduled: ${mainMessage(verdict) ?? "the scheduler has not reported on it yet"}`,
    constraintsLine(pod, requests),
    `nodes that fit by requests, selector and taints: ${fitting.length > 0 ? fitting.join(", ") : "none"}`,
  ].join("; ");
}

function unscheduledResult({ pod, requests, failures, fits }: Findings): PluginResult {
  const spec: V1PodSpec = pod.spec ?? { containers: [] };
  const condition = conditionOf(pod.status?.conditions, "PodScheduled");
  // The condition holds the scheduler's latest verdict; events may have been pruned, or not be written yet.
  const verdict = condition?.message ?? failures[0]?.message;
  return {
    ok: true,
    summary: unscheduledSummary(pod, verdict, requests, fits),
    data: {
      pod: trimObject(pod),
      scheduled: false,
      condition: condition ?? null,
      reasons: schedulingReasons(verdict),
      events: failures,
      requests: amount(requests),
      nodeSelector: spec.nodeSelector ?? {},
      tolerations: spec.tolerations ?? [],
      hasNodeAffinity: Boolean(spec.affinity?.nodeAffinity),
      nodes: fits,
    },
  };
}

async function checkScheduling(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name: a.pod_name, namespace: a.namespace }, options);
  if (pod.spec?.nodeName) return scheduledResult(pod, pod.spec.nodeName);
  const requests = podResources(pod).requests;
  const [events, fits] = await Promise.all([
    eventsAbout(core, a.namespace, [{ kind: "Pod", name: a.pod_name }], options),
    nodeFits(core, pod, requests, options),
  ]);
  return unscheduledResult({ pod, requests, failures: events.filter((e) => e.reason === "FailedScheduling"), fits });
}

/** check_pod_scheduling */
export const checkPodSchedulingPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "check_pod_scheduling",
  description: "分析 Pod 无法调度的原因",
  args,
  run: (ctx, a) => guarded({ kind: "pod", name: a.pod_name, namespace: a.namespace }, () => checkScheduling(ctx, a)),
});
