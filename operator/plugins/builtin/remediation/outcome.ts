/**
 * How remediation plugins report: one human line, structured data, the
 * objects written, and API failures turned into values instead of exceptions.
 */
import { apiErrorMessage, apiStatusCode } from "../../../../lib/kube/client.js";
import type { PluginContext, PluginResult } from "../../types.js";

/** The object a plugin acts on; cluster-scoped objects have no namespace. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** The ref of a namespaced object. */
export type NamespacedRef = ObjectRef & { namespace: string };

/** "Kind/namespace/name", or "Kind/name" for cluster-scoped objects. */
export function refString(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** "namespace/name" for humans, or just the name for cluster-scoped objects. */
export function displayName(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/**
 * A successful call. `pastTense` describes the change as done ("scaled …");
 * a dry run reports it as what would have happened, and writes nothing.
 */
export function succeeded(
  ctx: PluginContext,
  pastTense: string,
  written: ObjectRef[],
  data: Record<string, unknown> = {},
): PluginResult {
  return {
    ok: true,
    summary: ctx.dryRun ? `dry run: would have ${pastTense}` : pastTense,
    data: { ...data, dryRun: ctx.dryRun },
    changed: ctx.dryRun ? [] : written.map(refString),
  };
}

/** A call that found nothing to change; succeeds without writing. */
export function unchanged(summary: string, data: Record<string, unknown> = {}): PluginResult {
  return { ok: true, summary, data, changed: [] };
}

/** A call refused before any request, for a reason the plugin itself found. */
export function refused(summary: string): PluginResult {
  return { ok: false, summary, error: summary, changed: [] };
}

/** Turns a failed API call into a result that names the object and carries the apiserver's message. */
export function apiFailure(err: unknown, ref: ObjectRef, action: string): PluginResult {
  const message = apiErrorMessage(err);
  const code = apiStatusCode(err);
  const kind = ref.kind.toLowerCase();
  const where = ref.namespace ? ` in namespace ${ref.namespace}` : "";
  const summaries: Record<number, string> = {
    404: `${kind} ${ref.name} not found${where}`,
    403: `not allowed to ${action} ${kind} ${displayName(ref)}: ${message}`,
    409: `conflict while trying to ${action} ${kind} ${displayName(ref)}: ${message}`,
  };
  const summary = (code !== undefined ? summaries[code] : undefined) ?? `could not ${action} ${kind} ${displayName(ref)}: ${message}`;
  return { ok: false, summary, error: message, changed: [], data: { status: code } };
}

/** Runs a plugin body, turning anything it throws into a failed result about `ref`. */
export async function guarded(ref: ObjectRef, action: string, body: () => Promise<PluginResult>): Promise<PluginResult> {
  try {
    return await body();
  } catch (err) {
    return apiFailure(err, ref, action);
  }
}
