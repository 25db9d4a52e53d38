/**
 * Request options the remediations share: the patch Content-Type (client-node
 * would otherwise send a JSON Patch header) and delete preconditions. The dry
 * run is not here: the registry's guarded client makes every write of a
 * dry-run pass a server-side dry run, whatever the plugin sends.
 */
import { PatchStrategy, setHeaderOptions, type ConfigurationOptions, type V1DeleteOptions } from "@kubernetes/client-node";

/** Sends the body as an RFC 7386 JSON merge patch. */
export const mergePatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Sends the body as an RFC 6902 JSON patch. */
export const jsonPatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);

/** The body of a DELETE: the uid precondition makes sure the object deleted is the one inspected, not a namesake created since. */
export function deleteOptions(uid: string | undefined): V1DeleteOptions {
  return { preconditions: { uid } };
}
