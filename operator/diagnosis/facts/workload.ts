/**
 * The workloads behind the evidence, as read from the cluster: each pod's owner comes from
 * the `podOwners` the diagnostic plugins resolved (lib/kube/owners.ts), never from names.
 */
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import type { PodOwnership, WorkloadRef } from "../../../lib/kube/owners.js";
import type { Evidence } from "../evidence.js";
import { podName } from "./pods.js";

/** The pods of one workload, for the rules that fix workloads. */
export interface WorkloadPods {
  workload: WorkloadRef;
  pods: V1Pod[];
}

/** Pods grouped by the workload that owns them; pods whose owner could not be read go apart. */
export interface PodsByWorkload {
  groups: WorkloadPods[];
  unowned: { pod: V1Pod; problem: string }[];
}

const podKey = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ""}/${name ?? ""}`;

/** Who owns the pod, as read from the cluster; undefined when no plugin resolved it (or for another pod of the same name). */
export function ownershipOf(e: Evidence, pod: V1Pod): PodOwnership | undefined {
  const key = podKey(pod.metadata?.namespace, pod.metadata?.name);
  const found = e.podOwners.find((o) => podKey(o.pod.namespace, o.pod.name) === key);
  // A pod deleted and created again under its name (a StatefulSet's) is another pod: its owners were not read.
  return found !== undefined && (pod.metadata?.uid === undefined || found.pod.uid === pod.metadata.uid) ? found : undefined;
}

/** The top-level workload that owns the pod, or undefined when it is not known. */
export const workloadOf = (e: Evidence, pod: V1Pod): WorkloadRef | undefined => ownershipOf(e, pod)?.workload;

/** Identifies a workload across namespaces. */
export const workloadKey = (w: WorkloadRef): string => `${w.kind}/${w.namespace}/${w.name}/${w.uid}`;

/** The pods grouped by owning workload, in the order the pods come (worst first when ranked). */
export function podsByWorkload(e: Evidence, pods: readonly V1Pod[]): PodsByWorkload {
  const groups = new Map<string, WorkloadPods>();
  const unowned: PodsByWorkload["unowned"] = [];
  for (const pod of pods) {
    const ownership = ownershipOf(e, pod);
    const workload = ownership?.workload;
    if (workload === undefined) {
      unowned.push({ pod, problem: ownership?.problem ?? `the owner of pod ${podName(pod)} was not read` });
      continue;
    }
    const key = workloadKey(workload);
    groups.set(key, { workload, pods: [...(groups.get(key)?.pods ?? []), pod] });
  }
  return { groups: [...groups.values()], unowned };
}

/** The Deployment the workload names, among those described, with the same uid. */
export function deploymentOf(e: Evidence, w: WorkloadRef): V1Deployment | undefined {
  if (w.kind !== "Deployment") return undefined;
  return e.deployments.find(
    (d) => d.metadata?.namespace === w.namespace && d.metadata.name === w.name && d.metadata.uid === w.uid,
  );
}

/** The kind of the pod's top-level owner as read from the cluster, "unknown" when not read. */
export const ownerKindOf = (e: Evidence, pod: V1Pod): string => workloadOf(e, pod)?.kind ?? "unknown";

/** True when the pod's owner chain, as read from the cluster, passes through an object of that kind and name. */
export function isOwnedBy(e: Evidence, pod: V1Pod, kind: string, name: string): boolean {
  return ownershipOf(e, pod)?.chain.slice(1).some((l) => l.kind === kind && l.name === name) ?? false;
}
