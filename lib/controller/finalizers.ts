/**
 * Finalizers on kubefix resources: added before the operator depends on
 * cleaning something up, removed once it has. Writes carry the read
 * resourceVersion, so a concurrent change makes them fail (409) and retry.
 */
import type { KindClient } from "../kube/kind-client.js";
import type { Resource } from "../resources.js";

type AnyResource = Resource<unknown, unknown>;

/** True when `obj` carries `finalizer`. */
export const hasFinalizer = (obj: AnyResource, finalizer: string): boolean =>
  (obj.metadata.finalizers ?? []).includes(finalizer);

/** The finalizer list with `finalizer` added once. */
export const withFinalizer = (list: string[] | undefined, finalizer: string): string[] =>
  list?.includes(finalizer) ? list : [...(list ?? []), finalizer];

/** The finalizer list without `finalizer`. */
export const withoutFinalizer = (list: string[] | undefined, finalizer: string): string[] =>
  (list ?? []).filter((f) => f !== finalizer);

/** Adds `finalizer` to `obj` unless present; returns the written object, or `obj` when nothing changed. */
export async function addFinalizer<T extends AnyResource>(client: KindClient<T, never>, obj: T, finalizer: string): Promise<T> {
  if (hasFinalizer(obj, finalizer)) return obj;
  const finalizers = withFinalizer(obj.metadata.finalizers, finalizer);
  return client.patch(obj.metadata.name ?? "", { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers } });
}

/** Removes `finalizer` from `obj` if present; the apiserver deletes the object once none are left. */
export async function removeFinalizer<T extends AnyResource>(client: KindClient<T, never>, obj: T, finalizer: string): Promise<void> {
  if (!hasFinalizer(obj, finalizer)) return;
  const finalizers = withoutFinalizer(obj.metadata.finalizers, finalizer);
  await client.patch(obj.metadata.name ?? "", { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers } });
}
