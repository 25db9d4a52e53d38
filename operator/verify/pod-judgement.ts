/** Pure judgements of pods: is one failing now, or did it restart inside the stable window? */
import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";

/** What a judgement needs besides the objects: the time, and how long "stable" lasts. */
export interface JudgeClock {
  now: Date;
  stableSeconds: number;
}

/** Waiting reasons a kubelet reports for a container that will not start by itself. */
const BAD_WAITING = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

const nameOf = (pod: V1Pod): string => pod.metadata?.name ?? "<unnamed>";

const statusesOf = (pod: V1Pod): V1ContainerStatus[] => [
  ...(pod.status?.initContainerStatuses ?? []),
  ...(pod.status?.containerStatuses ?? []),
];

/** True for a pod being deleted or one that has finished (Succeeded, or Failed such as evicted): no longer a running replica. */
export const isTerminalPod = (pod: V1Pod): boolean =>
  pod.metadata?.deletionTimestamp !== undefined || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** True when the pod's Ready condition is True. */
export const isPodReady = (pod: V1Pod): boolean => pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";

function waitingProblem(pod: V1Pod): string | undefined {
  const stuck = statusesOf(pod).find((c) => BAD_WAITING.has(c.state?.waiting?.reason ?? ""));
  return stuck ? `${nameOf(pod)}: ${stuck.name} ${stuck.state?.waiting?.reason}` : undefined;
}

const toMs = (t: Date | string | undefined): number | undefined => {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The latest restart of any container: when its last run ended. */
function lastRestartMs(pod: V1Pod): number | undefined {
  const ends = statusesOf(pod)
    .filter((c) => c.restartCount > 0)
    .map((c) => toMs(c.lastState?.terminated?.finishedAt) ?? toMs(c.state?.running?.startedAt));
  const known = ends.filter((ms): ms is number => ms !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

function restartProblem(pod: V1Pod, clock: JudgeClock): string | undefined {
  const restarted = lastRestartMs(pod);
  if (restarted === undefined) return undefined;
  const agoMs = clock.now.getTime() - restarted;
  // No count of seconds in the message: it is written to status, and a message that changes every check rewrites it every check.
  return agoMs < clock.stableSeconds * 1000 ? `${nameOf(pod)}: a container restarted within the last ${clock.stableSeconds}s` : undefined;
}

/** Why a running pod is not healthy now (waiting on an error, a recent restart, not Ready), or undefined. */
export function podProblem(pod: V1Pod, clock: JudgeClock): string | undefined {
  if (pod.status?.phase === "Failed") return `${nameOf(pod)}: failed${pod.status.reason ? ` (${pod.status.reason})` : ""}`;
  return waitingProblem(pod) ?? restartProblem(pod, clock) ?? (isPodReady(pod) ? undefined : `${nameOf(pod)}: not ready`);
}

/** The problems of the replicas among `pods` (terminal ones left out), at most `limit` of them. */
export function replicaProblems(pods: readonly V1Pod[], clock: JudgeClock, limit = 3): string[] {
  return pods
    .filter((p) => !isTerminalPod(p))
    .map((p) => podProblem(p, clock))
    .filter((p): p is string => p !== undefined)
    .slice(0, limit);
}

/** Pods whose controlling owner is one of `ownerUids`: a workload's own pods, not another's that share its labels. */
export function podsControlledBy(pods: readonly V1Pod[], ownerUids: ReadonlySet<string>): V1Pod[] {
  return pods.filter((p) => {
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller === true);
    return owner !== undefined && ownerUids.has(owner.uid);
  });
}
