/** Pod metrics (metrics.k8s.io) joined with the pods' requests and limits. */
import type { PodMetric, V1Pod } from "@kubernetes/client-node";
import { podResources } from "./pod-resources.js";
import { formatBytes, formatCpu, percentOf, quantityValue } from "./quantity.js";

/** One pod's current usage, and how close it is to what it asked for. */
export interface PodUsage {
  name: string;
  cpu: string;
  memory: string;
  cpuMillicores: number;
  memoryBytes: number;
  /** Usage as a share of the pod's memory limit, when it has one: near 100 means OOM kills. */
  memoryOfLimitPercent?: number;
  /** Usage as a share of the pod's CPU request, when it has one. */
  cpuOfRequestPercent?: number;
}

/** Usage rows, busiest CPU first; `pods` supply the requests and limits. */
export function podUsage(metrics: readonly PodMetric[], pods: readonly V1Pod[]): PodUsage[] {
  const byName = new Map(pods.map((p) => [p.metadata?.name ?? "", p]));
  return metrics
    .map((m) => {
      const cpu = m.containers.reduce((sum, c) => sum + quantityValue(c.usage.cpu), 0);
      const memory = m.containers.reduce((sum, c) => sum + quantityValue(c.usage.memory), 0);
      const pod = byName.get(m.metadata.name);
      const resources = pod ? podResources(pod) : undefined;
      return {
        name: m.metadata.name,
        cpu: formatCpu(cpu),
        memory: formatBytes(memory),
        cpuMillicores: Math.round(cpu * 1000),
        memoryBytes: memory,
        memoryOfLimitPercent: resources ? percentOf(memory, resources.limits.memory) : undefined,
        cpuOfRequestPercent: resources ? percentOf(cpu, resources.requests.cpu) : undefined,
      };
    })
    .sort((a, b) => b.cpuMillicores - a.cpuMillicores || b.memoryBytes - a.memoryBytes);
}
