/** The Deployment's latest rollout: which revision it made and which images it changed. */
import type { V1Pod, V1ReplicaSet } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { deploymentNameOf } from "./workload.js";

const REVISION = "deployment.kubernetes.io/revision";

/** A container whose image the rollout changed. */
export interface ImageChange {
  container: string;
  from: string;
  to: string;
}

/** The latest rollout of a Deployment compared with the revision before it. */
export interface Rollout {
  deployment: string;
  replicaSet: string;
  revision: number;
  previousRevision: number;
  imageChanges: ImageChange[];
}

/** The revision a ReplicaSet records, NaN when it has none. */
export const revisionOf = (rs: V1ReplicaSet): number => Number(rs.metadata?.annotations?.[REVISION] ?? NaN);

const rsName = (rs: V1ReplicaSet): string => rs.metadata?.name ?? "";

function replicaSetsOf(e: Evidence, deployment: string): V1ReplicaSet[] {
  const owned = (rs: V1ReplicaSet): boolean =>
    rs.metadata?.ownerReferences?.some((o) => o.kind === "Deployment" && o.name === deployment) ?? true;
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

/** The latest rollout, or undefined when the Deployment has fewer than two known revisions. */
export function latestRollout(e: Evidence): Rollout | undefined {
  const deployment = deploymentNameOf(e);
  if (deployment === undefined) return undefined;
  const [latest, previous] = replicaSetsOf(e, deployment);
  if (latest === undefined || previous === undefined) return undefined;
  return {
    deployment,
    replicaSet: rsName(latest),
    revision: revisionOf(latest),
    previousRevision: revisionOf(previous),
    imageChanges: imageChangesBetween(previous, latest),
  };
}

/** True when the pod was created by the named ReplicaSet. */
export const isPodOf = (pod: V1Pod, replicaSet: string): boolean =>
  pod.metadata?.ownerReferences?.some((o) => o.kind === "ReplicaSet" && o.name === replicaSet) ?? false;

/**
 * The latest rollout when it changed an image and every failing pod runs the new revision:
 * the failure started with that rollout, so going back one revision is the likely fix.
 */
export function rolloutBehind(e: Evidence, failingPods: V1Pod[]): Rollout | undefined {
  const rollout = latestRollout(e);
  if (rollout === undefined || rollout.imageChanges.length === 0 || failingPods.length === 0) return undefined;
  return failingPods.every((pod) => isPodOf(pod, rollout.replicaSet)) ? rollout : undefined;
}

/** The rollout as an evidence line. */
export function describeRollout(rollout: Rollout): string {
  const changes = rollout.imageChanges.map((c) => `${c.container}: ${c.from} -> ${c.to}`).join("; ");
  const what = changes === "" ? "changed the pod template (no image change)" : `changed image ${changes}`;
  return `deployment ${rollout.deployment}: revision ${rollout.revision} (replicaset ${rollout.replicaSet}) ${what}; previous revision ${rollout.previousRevision}`;
}
