/**
 * The nodes an incident is about: its target when the target is a Node, and
 * the nodes its diagnosis evidence names. A cluster-scoped write (cordoning a
 * node) is only ever aimed at one of these. The proposal itself is not
 * evidence: it is what is being checked.
 */
import type { IncidentSpec, IncidentStatus } from "../../crds/index.js";

/**
 * Evidence lines name a node as "node <name>: ..." (describe_node's
 * conditions and taints) or "... node=<name>" (a pod's line); nothing else
 * counts, so a free-text mention in a conclusion never widens the set.
 */
const NODE_IN_EVIDENCE = /(?:^|\s)(?:node ([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?):|node=([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)(?=\s|$))/g;

/** Node names an evidence line states. */
export function nodesInEvidence(line: string): string[] {
  return [...line.matchAll(NODE_IN_EVIDENCE)].map((m) => (m[1] ?? m[2])!);
}

/** The nodes incident `spec`/`status` are about: the target Node, and those its key findings' evidence names. */
export function nodesOfIncident(spec: Pick<IncidentSpec, "target">, status: Pick<IncidentStatus, "diagnosis"> | undefined): string[] {
  const target = spec.target?.kind === "Node" ? [spec.target.name] : [];
  const evidence = (status?.diagnosis?.keyFindings ?? []).flatMap((f) => f.evidence ?? []).flatMap(nodesInEvidence);
  return [...new Set([...target, ...evidence])];
}
