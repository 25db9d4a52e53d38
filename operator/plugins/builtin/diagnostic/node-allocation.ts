/** How much of a node its pods have claimed, and what the node reports about itself. */
import type { V1Node, V1Pod, V1Taint } from "@kubernetes/client-node";
import { conditionOf } from "./conditions.js";
import { podResources, totalResources, type CpuMemory } from "./pod-resources.js";
import { formatBytes, formatCpu, percentOf, quantityValue } from "./quantity.js";

/** CPU and memory as numbers and as kubectl prints them. */
export interface Amount {
  cpuMillicores: number;
  memoryBytes: number;
  cpu: string;
  memory: string;
}

/** `kubectl describe node`'s "Allocated resources", from the pods that hold the node's resources. */
export interface NodeAllocation {
  podCount: number;
  requests: Amount;
  limits: Amount;
  allocatable: Amount & { pods: number };
  percent: { cpuRequests?: number; memoryRequests?: number; cpuLimits?: number; memoryLimits?: number; pods?: number };
}

/** One pod's share of the node. */
export interface PodShare {
  namespace: string;
  name: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** Cores and bytes as an Amount. */
export function amount(r: CpuMemory): Amount {
  return { cpuMillicores: Math.round(r.cpu * 1000), memoryBytes: r.memory, cpu: formatCpu(r.cpu), memory: formatBytes(r.memory) };
}

/** The node's allocatable CPU, memory and pod count. */
export function allocatableOf(node: V1Node): Amount & { pods: number } {
  const a = node.status?.allocatable ?? {};
  return { ...amount({ cpu: quantityValue(a.cpu), memory: quantityValue(a.memory) }), pods: quantityValue(a.pods) };
}

/** Sums the requests and limits of `pods`, which must be the node's pods that still hold resources. */
export function nodeAllocation(node: V1Node, pods: readonly V1Pod[]): NodeAllocation {
  const total = totalResources(pods);
  const allocatable = allocatableOf(node);
  const requests = amount(total.requests);
  const limits = amount(total.limits);
  return {
    podCount: pods.length,
    requests,
    limits,
    allocatable,
    percent: {
      cpuRequests: percentOf(requests.cpuMillicores, allocatable.cpuMillicores),
      memoryRequests: percentOf(requests.memoryBytes, allocatable.memoryBytes),
      cpuLimits: percentOf(limits.cpuMillicores, allocatable.cpuMillicores),
      memoryLimits: percentOf(limits.memoryBytes, allocatable.memoryBytes),
      pods: percentOf(pods.length, allocatable.pods),
    },
  };
}

/** Each pod's requests, largest CPU first. */
export function podShares(pods: readonly V1Pod[]): PodShare[] {
  return pods
    .map((p) => {
      const { requests } = podResources(p);
      return {
        namespace: p.metadata?.namespace ?? "",
        name: p.metadata?.name ?? "",
        cpuMillicores: Math.round(requests.cpu * 1000),
        memoryBytes: requests.memory,
      };
    })
    .sort((a, b) => b.cpuMillicores - a.cpuMillicores || b.memoryBytes - a.memoryBytes);
}

/** The node's Ready status: "True", "False" or "Unknown". */
export function nodeReadiness(node: V1Node): string {
  return conditionOf(node.status?.conditions, "Ready")?.status ?? "Unknown";
}

/** Conditions other than Ready that are True: MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable. */
export function nodePressure(node: V1Node): string[] {
  return (node.status?.conditions ?? []).filter((c) => c.type !== "Ready" && c.status === "True").map((c) => c.type);
}

/** "key=value:NoSchedule" for each taint. */
export function taintStrings(taints: readonly V1Taint[] | undefined): string[] {
  return (taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`);
}

/** "Ready", "NotReady", "Unknown", with ",SchedulingDisabled" for a cordoned node, as kubectl prints it. */
export function nodeStatusWord(node: V1Node): string {
  const readiness = nodeReadiness(node);
  const word = readiness === "True" ? "Ready" : readiness === "False" ? "NotReady" : "Unknown";
  return node.spec?.unschedulable ? `${word},SchedulingDisabled` : word;
}
