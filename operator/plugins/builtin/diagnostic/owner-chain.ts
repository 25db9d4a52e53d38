/** The chain of controllers above an object: Pod → ReplicaSet → Deployment, Pod → Job → CronJob, ... */
import {
  AppsV1Api,
  BatchV1Api,
  type ConfigurationOptions,
  type KubeConfig,
  type V1ObjectMeta,
  type V1OwnerReference,
} from "@kubernetes/client-node";

/** One link of an owner chain. */
export interface OwnerLink {
  kind: string;
  name: string;
}

/** Anything with metadata; every Kubernetes object. */
export interface Owned {
  metadata?: V1ObjectMeta;
}

/** Reads the owner named by a reference, or undefined when it cannot be read (gone, forbidden, unknown kind). */
export type ReadOwner = (ref: V1OwnerReference) => Promise<Owned | undefined>;

/** Owner chains are short; a bound guards against cycles in malformed references. */
const MAX_DEPTH = 6;

/** The controlling owner reference, or the first one when none is marked as controller. */
export function controllerOf(obj: Owned): V1OwnerReference | undefined {
  const refs = obj.metadata?.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

/**
 * Walks up from `start` (whose kind is `kind`). The chain starts with the object
 * itself; an owner that cannot be read ends it, but is still listed.
 */
export async function walkOwnerChain(
  kind: string,
  start: Owned,
  readOwner: ReadOwner,
): Promise<{ chain: OwnerLink[]; owners: Map<string, Owned> }> {
  const chain: OwnerLink[] = [{ kind, name: start.metadata?.name ?? "" }];
  const owners = new Map<string, Owned>();
  let current: Owned | undefined = start;
  while (current && chain.length < MAX_DEPTH) {
    const ref = controllerOf(current);
    if (!ref || chain.some((l) => l.kind === ref.kind && l.name === ref.name)) break;
    chain.push({ kind: ref.kind, name: ref.name });
    current = await readOwner(ref);
    if (current) owners.set(ref.kind, current);
  }
  return { chain, owners };
}

/** A ReadOwner over the workload kinds of apps/v1 and batch/v1 in `namespace`. */
export function kubeOwnerReader(kc: KubeConfig, namespace: string, options: ConfigurationOptions): ReadOwner {
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const readers: Record<string, (name: string) => Promise<Owned>> = {
    "apps/ReplicaSet": (name) => apps.readNamespacedReplicaSet({ name, namespace }, options),
    "apps/Deployment": (name) => apps.readNamespacedDeployment({ name, namespace }, options),
    "apps/StatefulSet": (name) => apps.readNamespacedStatefulSet({ name, namespace }, options),
    "apps/DaemonSet": (name) => apps.readNamespacedDaemonSet({ name, namespace }, options),
    "batch/Job": (name) => batch.readNamespacedJob({ name, namespace }, options),
    "batch/CronJob": (name) => batch.readNamespacedCronJob({ name, namespace }, options),
  };
  return async (ref) => {
    const group = ref.apiVersion.split("/")[0] ?? "";
    const read = readers[`${group}/${ref.kind}`];
    // A missing or unreadable owner ends the chain; the pod's own description is still worth returning.
    return read ? read(ref.name).catch(() => undefined) : undefined;
  };
}
