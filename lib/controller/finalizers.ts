/**
 * Finalizers on kubefix resources: added before the operator depends on
 * cleaning something up, removed once it has. Writes carry the read
 * resourceVersion; a concurrent change (409) makes them re-read and try again.
 */
import type { KindClient } from "../kube/kind-client.js";
import { retryOnConflict } from "./retry-on-conflict.js";
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

/** Writes the finalizer list `change` derives from the object as read, re-reading it on a conflict. */
async function updateFinalizers<T extends AnyResource>(
  client: KindClient<T, never>,
  obj: T,
  change: (list: string[] | undefined) => string[] | undefined,
): Promise<T> {
  const name = obj.metadata.name ?? "";
  return retryOnConflict(async (n) => {
    const current = n === 0 ? obj : await client.get(name);
    const finalizers = change(current.metadata.finalizers);
    if (finalizers === undefined) return current;
    return client.patch(name, { metadata: { resourceVersion: current.metadata.resourceVersion, finalizers } });
  });
}

/** Adds `finalizer` to `obj` unless present; returns the written object, or `obj` when nothing changed. */
export async function addFinalizer<T extends AnyResource>(client: KindClient<T, never>, obj: T, finalizer: string): Promise<T> {
  return updateFinalizers(client, obj, (list) => (list?.includes(finalizer) ? undefined : withFinalizer(list, finalizer)));
}

/** Removes `finalizer` from `obj` if present; the apiserver deletes the object once none are left. */
export async function removeFinalizer<T extends AnyResource>(client: KindClient<T, never>, obj: T, finalizer: string): Promise<void> {
  await updateFinalizers(client, obj, (list) => (list?.includes(finalizer) ? withoutFinalizer(list, finalizer) : undefined));
}
