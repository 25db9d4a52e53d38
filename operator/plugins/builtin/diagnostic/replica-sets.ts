/** The ReplicaSets a Deployment owns, by revision. */
import type { AppsV1Api, ConfigurationOptions, V1Deployment, V1ReplicaSet } from "@kubernetes/client-node";
import { selectorString } from "../../../../lib/kube/label-selector.js";

/** The revision the deployment controller wrote on a ReplicaSet (0 when absent). */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  return Number(obj.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0) || 0;
}

/** True when `rs` is controlled by the object with `uid`. */
export function isOwnedBy(rs: V1ReplicaSet, uid: string | undefined): boolean {
  return uid !== undefined && (rs.metadata?.ownerReferences ?? []).some((r) => r.uid === uid && r.controller);
}

/** The deployment's ReplicaSets, newest revision first. */
export async function ownedReplicaSets(
  apps: AppsV1Api,
  deployment: V1Deployment,
  options: ConfigurationOptions,
): Promise<V1ReplicaSet[]> {
  const namespace = deployment.metadata?.namespace ?? "";
  const labelSelector = selectorString(deployment.spec?.selector);
  const list = await apps.listNamespacedReplicaSet({ namespace, ...(labelSelector ? { labelSelector } : {}) }, options);
  return list.items
    .filter((rs) => isOwnedBy(rs, deployment.metadata?.uid))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}
