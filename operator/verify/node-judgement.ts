/** Pure judgements of nodes: Ready, and no resource pressure the kubelet would evict pods for. */
import type { V1Node } from "@kubernetes/client-node";
import { healthy, unhealthy, type Health } from "./types.js";

/** Conditions that make the kubelet evict pods when True. */
export const PRESSURE_CONDITIONS = ["MemoryPressure", "DiskPressure", "PIDPressure"] as const;

const conditionOf = (node: V1Node, type: string): { status?: string; reason?: string } | undefined =>
  node.status?.conditions?.find((c) => c.type === type);

/**
 * Pressure the node reports: True, or Unknown (a node that stopped reporting
 * cannot show that its pressure is gone). Undefined when none.
 */
export function pressureProblem(node: V1Node): string | undefined {
  const pressing = PRESSURE_CONDITIONS.flatMap((type) => {
    const status = conditionOf(node, type)?.status;
    return status === "True" || status === "Unknown" ? [`${type}=${status}`] : [];
  });
  return pressing.length > 0 ? `node ${node.metadata?.name ?? "?"} reports ${pressing.join(", ")}` : undefined;
}

/** Judges a Node: Ready, and none of MemoryPressure, DiskPressure, PIDPressure True. */
export function nodeHealth(node: V1Node): Health {
  const name = node.metadata?.name ?? "?";
  const ready = conditionOf(node, "Ready");
  if (ready?.status !== "True") return unhealthy(`node ${name} is not Ready: ${ready?.reason ?? ready?.status ?? "no Ready condition"}`);
  const pressure = pressureProblem(node);
  return pressure ? unhealthy(pressure) : healthy(`node ${name} is Ready without resource pressure`);
}

/** Judges the cause "the kubelet evicted pods under pressure": the node no longer reports pressure. */
export function pressureGone(node: V1Node): Health {
  const pressure = pressureProblem(node);
  return pressure ? unhealthy(pressure) : healthy(`node ${node.metadata?.name ?? "?"} no longer reports resource pressure`);
}
