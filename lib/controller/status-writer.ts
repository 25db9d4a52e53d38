/**
 * Writes a kubefix resource's status through the status subresource, only
 * when it changed, as a merge patch of the difference, with observedGeneration
 * set and the read resourceVersion as a precondition (a 409 means the object
 * moved on and the reconcile should run again on the new version).
 */
import type { Resource } from "../resources.js";
import type { KindClient } from "../kube/kind-client.js";
import { diffMergePatch } from "./merge-patch.js";

type AnyResource = Resource<unknown, { observedGeneration?: number } & object>;

/** Patches `obj`'s status to `next` if it differs; returns the written object, or undefined if nothing changed. */
export async function writeStatusIfChanged<T extends AnyResource>(
  client: KindClient<T, never>,
  obj: T,
  next: NonNullable<T["status"]>,
): Promise<T | undefined> {
  const desired = { ...next, observedGeneration: obj.metadata.generation ?? 0 };
  const patch = diffMergePatch(obj.status ?? {}, desired);
  if (patch === undefined) return undefined;
  const name = obj.metadata.name ?? "";
  return client.patchStatus(name, { metadata: { resourceVersion: obj.metadata.resourceVersion }, status: patch });
}
