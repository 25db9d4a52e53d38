/** Reads the owners lib/kube/owners.ts follows, through apps/v1 and batch/v1; read-only. */
import { AppsV1Api, BatchV1Api, type ConfigurationOptions, type KubeConfig } from "@kubernetes/client-node";
import type { Owned, ReadOwner } from "./owners.js";

type Reader = (name: string, namespace: string) => Promise<Owned>;

/** A ReadOwner over the workload kinds of apps/v1 and batch/v1; an owner it cannot read (gone, forbidden) is undefined. */
export function kubeOwnerReader(kc: KubeConfig, options?: ConfigurationOptions): ReadOwner {
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const readers: Record<string, Reader> = {
    "apps/ReplicaSet": (name, namespace) => apps.readNamespacedReplicaSet({ name, namespace }, options),
    "apps/Deployment": (name, namespace) => apps.readNamespacedDeployment({ name, namespace }, options),
    "apps/StatefulSet": (name, namespace) => apps.readNamespacedStatefulSet({ name, namespace }, options),
    "apps/DaemonSet": (name, namespace) => apps.readNamespacedDaemonSet({ name, namespace }, options),
    "batch/Job": (name, namespace) => batch.readNamespacedJob({ name, namespace }, options),
    "batch/CronJob": (name, namespace) => batch.readNamespacedCronJob({ name, namespace }, options),
  };
  return async (namespace, ref) => {
    const group = ref.apiVersion.split("/")[0] ?? "";
    const read = readers[`${group}/${ref.kind}`];
    // An owner that cannot be read leaves the pod's owner unknown; the caller says so, never guesses.
    return read === undefined ? undefined : read(ref.name, namespace).catch(() => undefined);
  };
}
