/** Which evicted pods delete_evicted_pods removes in one call. */
import type { V1Pod } from "@kubernetes/client-node";

/** True for a pod the kubelet evicted: it stays behind in phase Failed until someone deletes it. */
export function isEvicted(pod: V1Pod): boolean {
  return pod.status?.phase === "Failed" && pod.status.reason === "Evicted" && !pod.metadata?.deletionTimestamp;
}

/** At most `max` evicted pods, oldest first, and how many evicted pods are left for another call. */
export function pickEvicted(pods: V1Pod[], max: number): { picked: V1Pod[]; left: number } {
  const created = (pod: V1Pod): number => pod.metadata?.creationTimestamp?.getTime() ?? 0;
  const evicted = pods.filter(isEvicted).sort((a, b) => created(a) - created(b));
  return { picked: evicted.slice(0, max), left: Math.max(0, evicted.length - max) };
}
