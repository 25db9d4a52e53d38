/** Why a pod does not fit a node: the scheduler's own message, taints, selectors and free resources. */
import type { V1Node, V1Pod, V1PodSpec, V1Taint, V1Toleration } from "@kubernetes/client-node";
import { allocatableOf, nodeReadiness, taintStrings } from "./node-allocation.js";
import { totalResources, type CpuMemory } from "./pod-resources.js";
import { formatBytes, formatCpu } from "./quantity.js";

/** One reason of a FailedScheduling message and how many nodes it excluded. */
export interface SchedulingReason {
  nodes: number;
  reason: string;
}

/**
 * The reasons in "0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had
 * untolerated taint {gpu: true}. preemption: …"; empty for any other message.
 */
export function schedulingReasons(message: string | undefined): SchedulingReason[] {
  const match = /nodes are available: (.*?)(?:\.\s+preemption:|\.$|$)/s.exec(message ?? "");
  if (!match?.[1]) return [];
  return match[1]
    .split(/,\s+(?=\d+\s)/)
    .map((part) => /^(\d+)\s+(.+?)\.?$/.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ nodes: Number(m[1]), reason: m[2] ?? "" }));
}

function tolerates(toleration: V1Toleration, taint: V1Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === "Exists") return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? "") === (taint.value ?? "");
}

/** The node's scheduling taints (NoSchedule, NoExecute) that none of `tolerations` tolerates. */
export function untoleratedTaints(taints: readonly V1Taint[] | undefined, tolerations: readonly V1Toleration[] | undefined): V1Taint[] {
  return (taints ?? []).filter(
    (t) => t.effect !== "PreferNoSchedule" && !(tolerations ?? []).some((tol) => tolerates(tol, t)),
  );
}

/** True when the node carries every label of the pod's nodeSelector. */
export function matchesNodeSelector(node: V1Node, selector: Record<string, string> | undefined): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** How one node compares with what the pod needs. */
export interface NodeFit {
  node: string;
  ready: boolean;
  cordoned: boolean;
  untoleratedTaints: string[];
  matchesSelector: boolean;
  freeCpu: string;
  freeMemory: string;
  fitsCpu: boolean;
  fitsMemory: boolean;
  /** Every check above passes (node affinity and ports are not checked here). */
  fits: boolean;
}

/** Allocatable minus the requests of the pods already there; negative when the node is overcommitted. */
export function freeResources(node: V1Node, podsOnNode: readonly V1Pod[]): CpuMemory {
  const allocatable = allocatableOf(node);
  const used = totalResources(podsOnNode).requests;
  return { cpu: allocatable.cpuMillicores / 1000 - used.cpu, memory: allocatable.memoryBytes - used.memory };
}

/** Compares `node`, with the pods that hold its resources, against `pod`'s requests. */
export function nodeFit(node: V1Node, podsOnNode: readonly V1Pod[], pod: V1Pod, requests: CpuMemory): NodeFit {
  const free = freeResources(node, podsOnNode);
  const spec: V1PodSpec = pod.spec ?? { containers: [] };
  const fit = {
    node: node.metadata?.name ?? "",
    ready: nodeReadiness(node) === "True",
    cordoned: node.spec?.unschedulable === true,
    untoleratedTaints: taintStrings(untoleratedTaints(node.spec?.taints, spec.tolerations)),
    matchesSelector: matchesNodeSelector(node, spec.nodeSelector),
    freeCpu: formatCpu(Math.max(0, free.cpu)),
    freeMemory: formatBytes(Math.max(0, free.memory)),
    // Millicore rounding must not make an exact fit look too small.
    fitsCpu: requests.cpu <= free.cpu + 1e-9,
    fitsMemory: requests.memory <= free.memory,
  };
  const checks = [fit.ready, !fit.cordoned, fit.untoleratedTaints.length === 0, fit.matchesSelector, fit.fitsCpu, fit.fitsMemory];
  return { ...fit, fits: checks.every(Boolean) };
}
