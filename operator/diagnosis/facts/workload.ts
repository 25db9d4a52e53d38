/** The workload behind the evidence: namespace, owning Deployment, and pod ownership. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence, Target } from "../evidence.js";

/** The namespace the target lives in; a Namespace target is its own namespace. */
export function namespaceOf(target: Target): string {
  if (target.kind === "Namespace") return target.name;
  return target.namespace ?? "default";
}

/** The alphabet Kubernetes draws generated name suffixes from: no vowels, no look-alike digits. */
const SAFE = "[bcdfghjklmnpqrstvwxz2456789]";

/** True for a ReplicaSet ("web-5f7c9d4b8") or pod ("web-5f7c9d4b8-x2x9k") name the Deployment's controller would generate. */
export function isNamedAfterDeployment(name: string, deployment: string): boolean {
  if (!name.startsWith(`${deployment}-`)) return false;
  return new RegExp(`^${SAFE}{6,10}(-${SAFE}{5})?$`).test(name.slice(deployment.length + 1));
}

/** The Deployment that owns a pod, from its ReplicaSet owner and pod-template-hash label. */
export function deploymentOfPod(pod: V1Pod): string | undefined {
  const rs = pod.metadata?.ownerReferences?.find((o) => o.kind === "ReplicaSet");
  const hash = pod.metadata?.labels?.["pod-template-hash"];
  if (rs === undefined || hash === undefined || !rs.name.endsWith(`-${hash}`)) return undefined;
  return rs.name.slice(0, -(hash.length + 1));
}

/** The kind of a pod's controller, "Pod" when it has none. */
export const ownerKindOf = (pod: V1Pod): string =>
  pod.metadata?.ownerReferences?.find((o) => o.controller === true)?.kind ??
  pod.metadata?.ownerReferences?.[0]?.kind ??
  "Pod";

/** The Deployment the evidence is about, however it was learned. */
export function deploymentNameOf(e: Evidence): string | undefined {
  if (e.deployment?.metadata?.name !== undefined) return e.deployment.metadata.name;
  if (e.target.kind === "Deployment") return e.target.name;
  const fromChain = e.ownerChain.find((o) => o.kind === "Deployment")?.name;
  return fromChain ?? e.pods.map(deploymentOfPod).find((name) => name !== undefined);
}
