/** A pod's state in one word, as kubectl's STATUS column shows it, and one-line summaries of pod lists. */
import type { V1ContainerStatus, V1Pod, V1PodStatus } from "@kubernetes/client-node";

function containerReason(statuses: readonly V1ContainerStatus[]): string | undefined {
  for (const s of statuses) {
    if (s.state?.waiting?.reason) return s.state.waiting.reason;
    const terminated = s.state?.terminated;
    if (terminated) return terminated.reason ?? `ExitCode:${terminated.exitCode}`;
  }
  return undefined;
}

function initReason(pod: V1Pod): string | undefined {
  const waiting = (pod.status?.initContainerStatuses ?? []).find(
    (s) => s.state?.waiting?.reason && s.state.waiting.reason !== "PodInitializing",
  );
  return waiting ? `Init:${waiting.state?.waiting?.reason}` : undefined;
}

/** "Running", "CrashLoopBackOff", "Pending", "Evicted", "Init:ImagePullBackOff", "Terminating", ... */
export function podStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return "Terminating";
  const status: V1PodStatus = pod.status ?? {};
  return status.reason ?? initReason(pod) ?? containerReason(status.containerStatuses ?? []) ?? status.phase ?? "Unknown";
}

/** The restarts of all the pod's containers. */
export function podRestarts(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: V1Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** "3 pods: 2 Running, 1 CrashLoopBackOff (restarts 7)"; "0 pods" for none. */
export function summarizePods(pods: readonly V1Pod[]): string {
  const groups = new Map<string, { count: number; restarts: number }>();
  for (const pod of pods) {
    const group = groups.get(podStatus(pod)) ?? { count: 0, restarts: 0 };
    group.count += 1;
    group.restarts += podRestarts(pod);
    groups.set(podStatus(pod), group);
  }
  const parts = [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([status, g]) => `${g.count} ${status}${g.restarts > 0 ? ` (restarts ${g.restarts})` : ""}`);
  const unready = pods.filter((p) => podStatus(p) === "Running" && !isPodReady(p)).length;
  if (unready > 0) parts.push(`${unready} running but not ready`);
  const noun = pods.length === 1 ? "pod" : "pods";
  return parts.length > 0 ? `${pods.length} ${noun}: ${parts.join(", ")}` : `0 pods`;
}

/** "last terminated OOMKilled (exit 137) in app", from the first container that has terminated before; or undefined. */
export function lastTermination(pod: V1Pod): string | undefined {
  const status = (pod.status?.containerStatuses ?? []).find((s) => s.lastState?.terminated);
  const terminated = status?.lastState?.terminated;
  if (!status || !terminated) return undefined;
  return `last terminated ${terminated.reason ?? "?"} (exit ${terminated.exitCode}) in ${status.name}`;
}

/** "web-1 CrashLoopBackOff (restarts 7, last terminated OOMKilled (exit 137) in app) on node n1". */
export function describePodLine(pod: V1Pod): string {
  const details = [
    podRestarts(pod) > 0 ? `restarts ${podRestarts(pod)}` : "",
    lastTermination(pod) ?? "",
    podStatus(pod) === "Running" && !isPodReady(pod) ? "not ready" : "",
  ].filter(Boolean);
  const node = pod.spec?.nodeName ? ` on node ${pod.spec.nodeName}` : " (not scheduled)";
  return `${pod.metadata?.name ?? "?"} ${podStatus(pod)}${details.length > 0 ? ` (${details.join(", ")})` : ""}${node}`;
}
