/** Reading nodes: readiness, pressure conditions and taints. */
import type { V1Node, V1NodeCondition } from "@kubernetes/client-node";

/** Conditions that make the kubelet evict pods when True. */
const PRESSURE_TYPES = ["MemoryPressure", "DiskPressure", "PIDPressure"];

/** The node's name, for evidence lines. */
export const nodeName = (node: V1Node): string => node.metadata?.name ?? "<unnamed>";

/** A node condition by type. */
export const nodeCondition = (node: V1Node, type: string): V1NodeCondition | undefined =>
  node.status?.conditions?.find((c) => c.type === type);

/** True when the node's Ready condition is False or Unknown; a node without one tells nothing. */
export function isNodeNotReady(node: V1Node): boolean {
  const status = nodeCondition(node, "Ready")?.status;
  return status === "False" || status === "Unknown";
}

/** The pressure conditions that are True on the node. */
export const pressureConditions = (node: V1Node): V1NodeCondition[] =>
  (node.status?.conditions ?? []).filter((c) => PRESSURE_TYPES.includes(c.type) && c.status === "True");

/** A node condition as an evidence line. */
export function describeNodeCondition(node: V1Node, condition: V1NodeCondition): string {
  const message = condition.message === undefined ? "" : ` message="${condition.message}"`;
  return `node ${nodeName(node)}: ${condition.type}=${condition.status} reason=${condition.reason ?? "-"}${message}`;
}

/** The node's taints as an evidence line. */
export function describeTaints(node: V1Node): string {
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`);
  return `node ${nodeName(node)}: taints=[${taints.join(", ")}] unschedulable=${node.spec?.unschedulable === true}`;
}
