/**
 * Reads the object a step writes, fresh from the apiserver, for what policy
 * needs of it: who manages it (labels, annotations, managed fields) and, for
 * workloads that scale, the current replica count. A failure is a value.
 */
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, type V1ObjectMeta } from "@kubernetes/client-node";
import { apiErrorMessage } from "../../lib/kube/client.js";
import type { WrittenObject } from "../plugins/written-object.js";

export type WrittenObjectRead =
  | { ok: true; metadata: V1ObjectMeta; replicas?: number }
  | { ok: false; error: string };

type Read = { metadata?: V1ObjectMeta; replicas?: number };

function reader(kc: KubeConfig, o: WrittenObject): (() => Promise<Read>) | undefined {
  const namespace = o.namespace ?? "";
  const ref = { name: o.name, namespace };
  switch (o.kind) {
    case "Deployment":
      return async () => {
        const d = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment(ref);
        return { metadata: d.metadata, replicas: d.spec?.replicas ?? 1 };
      };
    case "StatefulSet":
      return async () => {
        const s = await kc.makeApiClient(AppsV1Api).readNamespacedStatefulSet(ref);
        return { metadata: s.metadata, replicas: s.spec?.replicas ?? 1 };
      };
    case "CronJob":
      return async () => ({ metadata: (await kc.makeApiClient(BatchV1Api).readNamespacedCronJob(ref)).metadata });
    case "Pod":
      return async () => ({ metadata: (await kc.makeApiClient(CoreV1Api).readNamespacedPod(ref)).metadata });
    case "Node":
      return async () => ({ metadata: (await kc.makeApiClient(CoreV1Api).readNode({ name: o.name })).metadata });
    default:
      return undefined;
  }
}

/** The written object's metadata (and replicas for Deployments and StatefulSets), or why it could not be read. */
export async function readWrittenObject(kc: KubeConfig, o: WrittenObject): Promise<WrittenObjectRead> {
  const read = reader(kc, o);
  if (!read) return { ok: false, error: `kubefix does not know how to read a ${o.kind}` };
  try {
    const { metadata, replicas } = await read();
    return { ok: true, metadata: metadata ?? {}, ...(replicas === undefined ? {} : { replicas }) };
  } catch (err) {
    return { ok: false, error: apiErrorMessage(err) };
  }
}
