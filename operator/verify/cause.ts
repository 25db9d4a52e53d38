/**
 * The cause verification must see gone, read from what the incident
 * records: the diagnosis's evidence and the steps that ran. Today one cause
 * is checked beyond the target: pods evicted under node pressure. Deleting
 * the evicted pods clears the symptom, not the pressure, so the nodes that
 * evicted them must stop reporting it before the incident is resolved.
 */
import type { IncidentStatus } from "../../crds/index.js";

/** Pods the kubelet evicted for node pressure; `nodes` empty means the record names none, so every node is checked. */
export interface NodePressureCause {
  kind: "node_pressure";
  nodes: string[];
}

// The rule engine's evidence lines (operator/diagnosis/facts/describe.ts and nodes.ts):
//   "pod batch-1: phase=Failed Ready=False reason=Evicted node=n1"
//   "node n1: MemoryPressure=True reason=KubeletHasInsufficientMemory ..."
const EVICTED_POD = /^pod \S+: .*\breason=Evicted\b.*\bnode=(\S+)/;
const EVICTED_ANY = /\breason=Evicted\b|\bThe node (?:was low on resource|had condition)\b/;
const PRESSURED_NODE = /^node (\S+): (?:MemoryPressure|DiskPressure|PIDPressure)=True\b/;

const evidenceLines = (status: IncidentStatus): string[] =>
  (status.diagnosis?.keyFindings ?? []).flatMap((f) => f.evidence ?? []);

const ranEvictionCleanup = (status: IncidentStatus): boolean =>
  (status.execution?.steps ?? []).some((s) => s.plugin === "delete_evicted_pods" && (s.state === "succeeded" || s.state === "interrupted"));

/** The node-pressure cause the incident records, if any: evicted pods in the evidence, or a cleanup of evicted pods that ran. */
export function nodePressureCause(status: IncidentStatus): NodePressureCause | undefined {
  const lines = evidenceLines(status);
  const evidenced = lines.some((l) => EVICTED_ANY.test(l));
  if (!evidenced && !ranEvictionCleanup(status)) return undefined;
  const nodes = new Set<string>();
  for (const line of lines) {
    const node = EVICTED_POD.exec(line)?.[1] ?? PRESSURED_NODE.exec(line)?.[1];
    if (node) nodes.add(node);
  }
  return { kind: "node_pressure", nodes: [...nodes].sort() };
}
