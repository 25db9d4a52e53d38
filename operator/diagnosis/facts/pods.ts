/** Reading pods: their containers, conditions and how badly they fail. */
import type { V1Container, V1ContainerStatus, V1Pod, V1PodCondition } from "@kubernetes/client-node";

/** Waiting reasons that mean the container cannot start, not that it is merely starting. */
const FAILING_WAITING = new Set([
  "CrashLoopBackOff",
  "ErrImagePull",
  "ImagePullBackOff",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

/** A container status together with the pod it belongs to. */
export interface PodContainer {
  pod: V1Pod;
  status: V1ContainerStatus;
}

/** The pod's name, for evidence lines. */
export const podName = (pod: V1Pod): string => pod.metadata?.name ?? "<unnamed>";

/** Init and app container statuses together: either kind can fail. */
export function containerStatusesOf(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** Every container status of every pod, with its pod. */
export const allContainers = (pods: V1Pod[]): PodContainer[] =>
  pods.flatMap((pod) => containerStatusesOf(pod).map((status) => ({ pod, status })));

/** The spec of a named container of a pod (app containers only). */
export const podContainerSpec = (pod: V1Pod, name: string): V1Container | undefined =>
  pod.spec?.containers.find((c) => c.name === name);

/** A pod condition by type. */
export const podCondition = (pod: V1Pod, type: string): V1PodCondition | undefined =>
  pod.status?.conditions?.find((c) => c.type === type);

/** True when the pod's Ready condition is True. */
export const isPodReady = (pod: V1Pod): boolean => podCondition(pod, "Ready")?.status === "True";

/** True for a pod the kubelet evicted. */
export const isEvicted = (pod: V1Pod): boolean => pod.status?.phase === "Failed" && pod.status.reason === "Evicted";

/** True for a pod the scheduler has not placed. */
export function isUnscheduled(pod: V1Pod): boolean {
  if (pod.status?.phase !== "Pending") return false;
  return podCondition(pod, "PodScheduled")?.status === "False" || pod.spec?.nodeName === undefined;
}

/** True for a Running pod that is not Ready. */
export const isRunningNotReady = (pod: V1Pod): boolean => pod.status?.phase === "Running" && !isPodReady(pod);

const hasFailingWaiting = (pod: V1Pod): boolean =>
  containerStatusesOf(pod).some((cs) => FAILING_WAITING.has(cs.state?.waiting?.reason ?? ""));

const restartsOf = (pod: V1Pod): number => containerStatusesOf(pod).reduce((sum, cs) => sum + cs.restartCount, 0);

/** How badly a pod fails, 0 for healthy; used to pick the pods worth a closer look. */
export function troubleScore(pod: V1Pod): number {
  if (hasFailingWaiting(pod)) return 6;
  if (pod.status?.phase === "Failed") return 5;
  if (isUnscheduled(pod)) return 5;
  if (isRunningNotReady(pod)) return restartsOf(pod) > 0 ? 4 : 3;
  if (pod.status?.phase === "Pending") return 2;
  return 0;
}

/** The failing pods, worst first, by name among equals so that plans are stable. */
export function rankFailingPods(pods: V1Pod[]): V1Pod[] {
  return pods
    .map((pod) => ({ pod, score: troubleScore(pod) }))
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score || podName(a.pod).localeCompare(podName(b.pod)))
    .map((p) => p.pod);
}

/** The claim names of the pod's PersistentVolumeClaim volumes. */
export const claimNamesOf = (pod: V1Pod): string[] =>
  (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));

/** Orders containers so that the incident's named container comes first, then by restarts. */
export function byTargetThenRestarts(container: string | undefined): (a: PodContainer, b: PodContainer) => number {
  const rank = (c: PodContainer): number => (c.status.name === container ? 1 : 0);
  return (a, b) => rank(b) - rank(a) || b.status.restartCount - a.status.restartCount;
}
