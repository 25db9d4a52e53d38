/**
 * Pure judgements of workloads: the controller's status says the rollout is
 * complete for the current generation, and none of the workload's own pods
 * is failing or restarted within the stable window.
 */
import type { V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from "@kubernetes/client-node";
import { replicaProblems, type JudgeClock } from "./pod-judgement.js";
import { healthy, unhealthy, type Health } from "./types.js";

const num = (value: number | undefined, fallback = 0): number => value ?? fallback;

interface Generations {
  generation: number;
  observed: number;
}

const generationsOf = (o: { metadata?: { generation?: number }; status?: { observedGeneration?: number } }): Generations => ({
  generation: num(o.metadata?.generation),
  observed: num(o.status?.observedGeneration),
});

const staleStatus = (g: Generations): string | undefined =>
  g.observed < g.generation ? `the controller has not observed generation ${g.generation} yet (status is of ${g.observed})` : undefined;

/** Nothing to verify, or a status older than the spec: either comes before any count. */
function preamble(want: number, o: Parameters<typeof generationsOf>[0], zero: string): string | undefined {
  return want === 0 ? zero : staleStatus(generationsOf(o));
}

/** The first rollout problem, then the pods' problems; healthy with `done` when there is none. */
function judged(rollout: string | undefined, pods: readonly V1Pod[], clock: JudgeClock, done: string): Health {
  if (rollout) return unhealthy(rollout);
  const problems = replicaProblems(pods, clock);
  return problems.length > 0 ? unhealthy(problems.join("; ")) : healthy(done);
}

function deploymentRollout(d: V1Deployment): string | undefined {
  const want = num(d.spec?.replicas, 1);
  const s = d.status ?? {};
  const first = preamble(want, d, "scaled to 0 replicas: nothing runs to verify");
  if (first) return first;
  if (num(s.updatedReplicas) !== want) return `rollout in progress: ${num(s.updatedReplicas)}/${want} updated`;
  if (num(s.replicas) > want) return `rollout in progress: ${num(s.replicas) - want} old replicas still running`;
  if (num(s.availableReplicas) < want || num(s.unavailableReplicas) > 0) return `${num(s.availableReplicas)}/${want} replicas available`;
  return undefined;
}

/** Judges a Deployment and its own pods (those of its ReplicaSets). */
export function deploymentHealth(d: V1Deployment, pods: readonly V1Pod[], clock: JudgeClock): Health {
  const want = num(d.spec?.replicas, 1);
  return judged(deploymentRollout(d), pods, clock, `${want}/${want} replicas available, rollout complete`);
}

function statefulSetRollout(s: V1StatefulSet): string | undefined {
  const want = num(s.spec?.replicas, 1);
  const { currentRevision = "?", updateRevision, updatedReplicas, readyReplicas, availableReplicas } = s.status ?? { replicas: 0 };
  const first = preamble(want, s, "scaled to 0 replicas: nothing runs to verify");
  if (first) return first;
  if (!updateRevision || currentRevision !== updateRevision) {
    return `rollout in progress: revision ${currentRevision} -> ${updateRevision ?? "?"}, ${num(updatedReplicas)}/${want} updated`;
  }
  if (num(readyReplicas) < want) return `${num(readyReplicas)}/${want} replicas ready`;
  if (num(availableReplicas) < want) return `${num(availableReplicas)}/${want} replicas available`;
  return undefined;
}

/** Judges a StatefulSet: every replica on the update revision, ready and available, and its own pods. */
export function statefulSetHealth(s: V1StatefulSet, pods: readonly V1Pod[], clock: JudgeClock): Health {
  const want = num(s.spec?.replicas, 1);
  return judged(statefulSetRollout(s), pods, clock, `${want}/${want} replicas ready on revision ${s.status?.updateRevision ?? "?"}`);
}

function daemonSetRollout(ds: V1DaemonSet): string | undefined {
  const { desiredNumberScheduled: desired = 0, updatedNumberScheduled: updated = 0, numberReady: ready = 0, numberUnavailable: unavailable = 0 } =
    ds.status ?? {};
  const first = preamble(desired, ds, "scheduled on no node: nothing runs to verify");
  if (first) return first;
  if (updated !== desired) return `rollout in progress: ${updated}/${desired} nodes updated`;
  if (ready !== desired) return `${ready}/${desired} nodes ready`;
  if (unavailable > 0) return `${unavailable}/${desired} nodes unavailable`;
  return undefined;
}

/** Judges a DaemonSet: desired == ready == updated, nothing unavailable, and its own pods. */
export function daemonSetHealth(ds: V1DaemonSet, pods: readonly V1Pod[], clock: JudgeClock): Health {
  const desired = num(ds.status?.desiredNumberScheduled);
  return judged(daemonSetRollout(ds), pods, clock, `${desired}/${desired} nodes ready and updated`);
}
