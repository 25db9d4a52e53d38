import { ApiException, KubeConfig } from "@kubernetes/client-node";

/** Loads a kubeconfig from `path`, or the default chain (KUBECONFIG, ~/.kube/config, in-cluster). */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return kc;
}

/** The HTTP status of a failed Kubernetes API call, or undefined for other errors. */
export function apiStatusCode(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** True when `err` is an API error with HTTP status `code` (404, 409, ...). */
export function isApiStatus(err: unknown, code: number): boolean {
  return apiStatusCode(err) === code;
}

/** The Status object's message of a failed API call, if the server sent one. */
export function apiErrorMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === "string" ? safeJson(err.body) : err.body;
    const message = (body as { message?: unknown } | null)?.message;
    if (typeof message === "string") return message;
    const text = typeof err.body === "string" ? err.body : JSON.stringify(err.body);
    return `HTTP ${err.code}: ${text.slice(0, 300)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
