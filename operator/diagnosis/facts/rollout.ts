/** The Deployment's latest rollout: which revision it made and which images it changed. */
import type { V1Pod, V1ReplicaSet } from "@kubernetes/client-node";
import { controllerRef, type WorkloadRef } from "../../../lib/kube/owners.js";
import type { Evidence } from "../evidence.js";
import type { WorkloadPods } from "./workload.js";

const REVISION = "deployment.kubernetes.io/revision";

/** A container whose image the rollout changed. */
export interface ImageChange {
  container: string;
  from: string;
  to: string;
}

/** The latest rollout of a Deployment compared with the revision before it. */
export interface Rollout {
  /** The Deployment, as read from the cluster. */
  workload: WorkloadRef;
  deployment: string;
  replicaSet: string;
  revision: number;
  previousRevision: number;
  imageChanges: ImageChange[];
}

/** The revision a ReplicaSet records, NaN when it has none. */
export const revisionOf = (rs: V1ReplicaSet): number => Number(rs.metadata?.annotations?.[REVISION] ?? NaN);

const rsName = (rs: V1ReplicaSet): string => rs.metadata?.name ?? "";

/** The Deployment's ReplicaSets, newest revision first: those its controller reference names, uid and all. */
function replicaSetsOf(e: Evidence, w: WorkloadRef): V1ReplicaSet[] {
  const owned = (rs: V1ReplicaSet): boolean => {
    const ref = controllerRef(rs);
    return rs.metadata?.namespace === w.namespace && ref?.kind === "Deployment" && ref.name === w.name && ref.uid === w.uid;
  };
  return e.replicaSets.filter((rs) => owned(rs) && !Number.isNaN(revisionOf(rs))).sort((a, b) => revisionOf(b) - revisionOf(a));
}

function imagesOf(rs: V1ReplicaSet): Map<string, string> {
  return new Map((rs.spec?.template?.spec?.containers ?? []).map((c) => [c.name, c.image ?? ""]));
}

/** The containers whose image differs between two revisions. */
export function imageChangesBetween(previous: V1ReplicaSet, latest: V1ReplicaSet): ImageChange[] {
  const before = imagesOf(previous);
  return [...imagesOf(latest)].flatMap(([container, to]) => {
    const from = before.get(container);
    return from !== undefined && from !== to ? [{ container, from, to }] : [];
  });
}

/** The Deployment's latest rollout, or undefined when it is not a Deployment or has fewer than two known revisions. */
export function latestRollout(e: Evidence, w: WorkloadRef): Rollout | undefined {
  if (w.kind !== "Deployment") return undefined;
  const [latest, previous] = replicaSetsOf(e, w);
  if (latest === undefined || previous === undefined) return undefined;
  return {
    workload: w,
    deployment: w.name,
    replicaSet: rsName(latest),
    revision: revisionOf(latest),
    previousRevision: revisionOf(previous),
    imageChanges: imageChangesBetween(previous, latest),
  };
}

/** True when the pod's controller is that ReplicaSet (same name and uid). */
export function isPodOf(pod: V1Pod, replicaSet: V1ReplicaSet): boolean {
  const ref = controllerRef(pod);
  return ref?.kind === "ReplicaSet" && ref.name === replicaSet.metadata?.name && ref.uid === replicaSet.metadata.uid;
}

/**
 * The latest rollout of the group's Deployment when it changed an image and every failing pod of
 * the group runs the new revision: the failure started with that rollout, so going back one revision is the likely fix.
 */
export function rolloutBehind(e: Evidence, group: WorkloadPods): Rollout | undefined {
  const rollout = latestRollout(e, group.workload);
  if (rollout === undefined || rollout.imageChanges.length === 0 || group.pods.length === 0) return undefined;
  const latest = replicaSetsOf(e, group.workload)[0] as V1ReplicaSet;
  return group.pods.every((pod) => isPodOf(pod, latest)) ? rollout : undefined;
}

/** The rollout as an evidence line. */
export function describeRollout(rollout: Rollout): string {
  const changes = rollout.imageChanges.map((c) => `${c.container}: ${c.from} -> ${c.to}`).join("; ");
  const what = changes === "" ? "changed the pod template (no image change)" : `changed image ${changes}`;
  return `deployment ${rollout.workload.namespace}/${rollout.deployment}: revision ${rollout.revision} (replicaset ${rollout.replicaSet}) ${what}; previous revision ${rollout.previousRevision}`;
}
