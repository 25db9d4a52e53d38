/**
 * Is the incident's target healthy again? Gathered from the cluster, judged
 * by pure functions: a Deployment is healthy when its rollout is complete,
 * every replica is available, and none of its pods is crash-looping or
 * waiting on an error; a Node when it is Ready; a Pod when it is Ready.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment, type V1Node, type V1Pod } from "@kubernetes/client-node";
import type { IncidentSpec } from "../../crds/index.js";
import { apiErrorMessage, isApiStatus } from "../../lib/kube/client.js";

export interface Health {
  healthy: boolean;
  message: string;
}

const BAD_WAITING = new Set(["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "RunContainerError"]);

const waitingProblem = (pod: V1Pod): string | undefined => {
  const stuck = (pod.status?.containerStatuses ?? []).find((c) => BAD_WAITING.has(c.state?.waiting?.reason ?? ""));
  return stuck ? `${pod.metadata?.name}: ${stuck.name} ${stuck.state?.waiting?.reason}` : undefined;
};

const isReady = (pod: V1Pod): boolean => pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";

const podProblem = (pod: V1Pod): string | undefined =>
  waitingProblem(pod) ?? (isReady(pod) ? undefined : `${pod.metadata?.name}: not ready`);

interface RolloutCounts {
  want: number;
  generation: number;
  observed: number;
  updated: number;
  available: number;
  unavailable: number;
}

const num = (value: number | undefined, fallback = 0): number => value ?? fallback;

function countsOf(d: V1Deployment): RolloutCounts {
  const status = d.status ?? {};
  return {
    want: num(d.spec?.replicas, 1),
    generation: num(d.metadata?.generation),
    observed: num(status.observedGeneration),
    updated: num(status.updatedReplicas),
    available: num(status.availableReplicas),
    unavailable: num(status.unavailableReplicas),
  };
}

function rolloutProblem(c: RolloutCounts): string | undefined {
  if (c.observed < c.generation || c.updated !== c.want) return `rollout in progress: ${c.updated}/${c.want} updated`;
  if (c.available < c.want || c.unavailable > 0) return `${c.available}/${c.want} replicas available`;
  return undefined;
}

/** Judges a Deployment and the pods its selector matches. */
export function deploymentHealth(deployment: V1Deployment, pods: V1Pod[]): Health {
  const counts = countsOf(deployment);
  const rollout = rolloutProblem(counts);
  if (rollout) return { healthy: false, message: rollout };
  const live = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== "Succeeded");
  const problems = live.map(podProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) return { healthy: false, message: problems.slice(0, 3).join("; ") };
  return { healthy: true, message: `${counts.want}/${counts.want} replicas available, rollout complete` };
}

/** Judges a Node by its Ready condition. */
export function nodeHealth(node: V1Node): Health {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True"
    ? { healthy: true, message: `node ${node.metadata?.name} is Ready` }
    : { healthy: false, message: `node ${node.metadata?.name} is not Ready: ${ready?.reason ?? "unknown"}` };
}

const selectorOf = (d: V1Deployment): string =>
  Object.entries(d.spec?.selector.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

/** Reads the target and judges its health; a read error is an unhealthy observation, not a failure. */
export async function checkTargetHealth(kc: KubeConfig, target: IncidentSpec["target"]): Promise<Health> {
  if (!target) return { healthy: false, message: "the incident has no target to verify" };
  try {
    return await readHealth(kc, target);
  } catch (err) {
    return { healthy: false, message: `could not read ${target.kind} ${target.name}: ${apiErrorMessage(err)}` };
  }
}

async function readHealth(kc: KubeConfig, target: NonNullable<IncidentSpec["target"]>): Promise<Health> {
  const namespace = target.namespace ?? "default";
  switch (target.kind) {
    case "Deployment": {
      const deployment = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: target.name, namespace });
      const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: selectorOf(deployment) });
      return deploymentHealth(deployment, pods.items);
    }
    case "Node":
      return nodeHealth(await kc.makeApiClient(CoreV1Api).readNode({ name: target.name }));
    case "Pod": {
      const pod = await kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: target.name, namespace }).catch((err: unknown) => {
        if (isApiStatus(err, 404)) return undefined;
        throw err;
      });
      // Alerts about a workload's pod target the workload; a bare pod that is gone (an evicted
      // pod cleaned up) leaves nothing failing behind.
      if (!pod) return { healthy: true, message: `pod ${target.name} no longer exists` };
      const problem = podProblem(pod);
      return problem ? { healthy: false, message: problem } : { healthy: true, message: `pod ${target.name} is Ready` };
    }
    default:
      return { healthy: false, message: `verification of ${target.kind} is not supported; a human should confirm` };
  }
}
