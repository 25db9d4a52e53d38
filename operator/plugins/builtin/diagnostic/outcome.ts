/**
 * How the diagnostic plugins report failure: as values that name the object
 * and carry the apiserver's message, never as exceptions.
 */
import { apiErrorMessage, apiStatusCode } from "../../../../lib/kube/client.js";
import type { PluginResult } from "../../types.js";

/** The object a call is about; cluster-scoped objects have no namespace. */
export interface Subject {
  /** Lower-case, as a human writes it: "pod", "deployment". */
  kind: string;
  name: string;
  namespace?: string;
}

/** A failed call whose summary and error are the same line. */
export function failed(error: string, data?: Record<string, unknown>): PluginResult {
  return data ? { ok: false, summary: error, error, data } : { ok: false, summary: error, error };
}

/** "pod x not found in namespace y", or "node x not found". */
export function notFoundMessage(subject: Subject): string {
  const where = subject.namespace ? ` in namespace ${subject.namespace}` : "";
  return `${subject.kind} ${subject.name} not found${where}`;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}

/**
 * The one line that explains why a call failed. `about` is the object the call
 * reads, or what it does ("list pods in namespace x") when there is no one object.
 */
export function failureMessage(err: unknown, about: Subject | string): string {
  if (isAbort(err)) return "cancelled: the plugin timed out or the operator is shutting down";
  const code = apiStatusCode(err);
  const message = apiErrorMessage(err);
  if (code === 404 && typeof about !== "string") return notFoundMessage(about);
  if (code === 403) return `permission denied: ${message}`;
  const action = typeof about === "string" ? about : `read ${about.kind} ${about.name}`;
  return `could not ${action}: ${message}`;
}

/** Runs a plugin body; anything it throws becomes a failed result (see failureMessage). */
export async function guarded(about: Subject | string, body: () => Promise<PluginResult>): Promise<PluginResult> {
  try {
    return await body();
  } catch (err) {
    return failed(failureMessage(err, about), { status: apiStatusCode(err) ?? null });
  }
}
