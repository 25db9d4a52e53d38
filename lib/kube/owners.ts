/**
 * Owner resolution: which top-level workload owns a pod, read from the cluster. The one
 * implementation: Pod -> ReplicaSet -> Deployment, Pod -> StatefulSet, Pod -> DaemonSet,
 * Pod -> Job -> CronJob, following only the controller reference and checking uids, so that a
 * namesake created since the reference was written is never taken for the owner.
 */
import type { V1ObjectMeta, V1OwnerReference } from "@kubernetes/client-node";

/** Anything with metadata; every Kubernetes object. */
export interface Owned {
  metadata?: V1ObjectMeta;
}

/** One link of an owner chain, as read from the cluster. */
export interface OwnerLink {
  kind: string;
  name: string;
  uid: string;
}

/** The top-level workload that owns a pod: the object a fix of the pod's spec must write. */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** Who owns one pod. `workload` is absent when the chain could not be read to its top; `problem` says why. */
export interface PodOwnership {
  pod: { namespace: string; name: string; uid: string };
  /** From the pod up: the pod first, its top-level workload last. */
  chain: OwnerLink[];
  workload?: WorkloadRef;
  problem?: string;
}

/** Reads the owner a controller reference names, in the namespace of the object holding it; undefined when it cannot be read. */
export type ReadOwner = (namespace: string, ref: V1OwnerReference) => Promise<Owned | undefined>;

/** The controller kinds whose chains are followed; anything else (a custom controller) ends the walk unresolved. */
export const WORKLOAD_KINDS = ["ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"] as const;

/** Owner chains are short; a bound guards against cycles in malformed references. */
const MAX_DEPTH = 4;

/** The reference marked controller: the only owner that manages the object. Other references do not make an owner. */
export function controllerRef(obj: Owned): V1OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

const linkOf = (kind: string, obj: Owned): OwnerLink => ({ kind, name: obj.metadata?.name ?? "", uid: obj.metadata?.uid ?? "" });

/** Why the walk cannot go up through `ref`, or undefined when `owner` is the object `ref` names. */
export function ownerProblem(ref: V1OwnerReference, owner: Owned | undefined): string | undefined {
  const what = `${ref.kind}/${ref.name}`;
  if (!(WORKLOAD_KINDS as readonly string[]).includes(ref.kind)) return `owner ${what} is a kind kubefix does not follow`;
  if (owner === undefined) return `owner ${what} could not be read`;
  if (owner.metadata?.uid !== ref.uid) return `owner ${what} has uid ${owner.metadata?.uid ?? "-"}, the reference names ${ref.uid}: not the owner`;
  return undefined;
}

interface Walk {
  chain: OwnerLink[];
  owners: Owned[];
  problem?: string;
}

/**
 * The owner chain of `start` (of kind `kind`) in `namespace`, with the owner objects read on
 * the way. Stops at the first object without a controller reference, which is the top.
 */
export async function walkOwners(kind: string, start: Owned, namespace: string, read: ReadOwner): Promise<Walk> {
  const walk: Walk = { chain: [linkOf(kind, start)], owners: [] };
  let current = start;
  for (let ref = controllerRef(current); ref !== undefined; ref = controllerRef(current)) {
    if (walk.chain.length > MAX_DEPTH) return { ...walk, problem: "owner chain too long" };
    const owner = (WORKLOAD_KINDS as readonly string[]).includes(ref.kind) ? await read(namespace, ref) : undefined;
    const problem = ownerProblem(ref, owner);
    if (problem !== undefined || owner === undefined) return { ...walk, problem: problem ?? "unreadable" };
    walk.chain.push(linkOf(ref.kind, owner));
    walk.owners.push(owner);
    current = owner;
  }
  return walk;
}

/** Who owns the pod; a pod without a controller owns itself (a bare Pod). */
export async function podOwnership(pod: Owned, read: ReadOwner): Promise<PodOwnership> {
  const namespace = pod.metadata?.namespace ?? "";
  const self = { namespace, name: pod.metadata?.name ?? "", uid: pod.metadata?.uid ?? "" };
  const walk = await walkOwners("Pod", pod, namespace, read);
  if (walk.problem !== undefined) return { pod: self, chain: walk.chain, problem: walk.problem };
  const top = walk.chain[walk.chain.length - 1] as OwnerLink;
  return { pod: self, chain: walk.chain, workload: { kind: top.kind, namespace, name: top.name, uid: top.uid } };
}

/** A reader that reads each owner once, however many pods share it (a ReplicaSet's pods do). */
export function memoizedReader(read: ReadOwner): ReadOwner {
  const seen = new Map<string, Promise<Owned | undefined>>();
  return (namespace, ref) => {
    const key = `${namespace}/${ref.kind}/${ref.name}`;
    const known = seen.get(key) ?? read(namespace, ref);
    seen.set(key, known);
    return known;
  };
}

/** Who owns each pod, reading shared owners once. */
export function podOwnerships(pods: readonly Owned[], read: ReadOwner): Promise<PodOwnership[]> {
  const once = memoizedReader(read);
  return Promise.all(pods.map((pod) => podOwnership(pod, once)));
}

/** The workload as "Kind namespace/name", for texts. */
export const workloadText = (w: WorkloadRef): string => `${w.kind} ${w.namespace}/${w.name}`;

/** The chain as "Pod/a → ReplicaSet/b → Deployment/c", for texts. */
export const chainText = (chain: readonly OwnerLink[]): string => chain.map((l) => `${l.kind}/${l.name}`).join(" → ");
