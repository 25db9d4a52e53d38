/**
 * Request options every write shares: the patch Content-Type (client-node
 * would otherwise send a JSON Patch header) and server-side dry run.
 */
import { PatchStrategy, setHeaderOptions, type ConfigurationOptions, type V1DeleteOptions } from "@kubernetes/client-node";
import type { PluginContext } from "../../types.js";

/** Sends the body as a strategic merge patch (lists such as containers merge by name). */
export const strategicMergePatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);

/** Sends the body as an RFC 7386 JSON merge patch. */
export const mergePatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Sends the body as an RFC 6902 JSON patch. */
export const jsonPatch: ConfigurationOptions = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);

/** The `dryRun` request parameter: on a dry run the apiserver validates and admits but persists nothing. */
export function dryRunParam(ctx: PluginContext): { dryRun?: "All" } {
  return ctx.dryRun ? { dryRun: "All" } : {};
}

/**
 * The body of a DELETE. The apiserver reads delete options from the body
 * whenever there is one and then ignores the query string, so the dry run
 * must be in the body too, or a "dry run" delete really deletes.
 */
export function deleteOptions(ctx: PluginContext, uid: string | undefined): V1DeleteOptions {
  // The uid precondition makes sure the object deleted is the one inspected, not a namesake created since.
  return { preconditions: { uid }, ...(ctx.dryRun ? { dryRun: ["All"] } : {}) };
}
