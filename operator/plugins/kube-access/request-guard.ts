/**
 * The pure decision behind every request a plugin sends: pass it, rewrite
 * it, or refuse it before it leaves the process. Which requests a call may
 * send depends on its access mode, never on what the plugin code remembers.
 */

/** How one plugin call may use the Kubernetes API. */
export type AccessMode =
  /** A diagnostic: GET only (read, list, watch). */
  | "read-only"
  /** The first pass of a remediation: every mutating request is a server-side dry run. */
  | "dry-run"
  /** The second pass: only writes the dry-run pass sent, and the apiserver accepted, go out for real. */
  | "write";

/** The field manager of every kubefix write, so `managedFields` shows what kubefix changed. */
export const FIELD_MANAGER = "kubefix";

/** The parts of a request the decision reads. */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** As client-node holds it: a JSON string, nothing, or (never from the typed clients) form data. */
  body: unknown;
}

export type RequestDecision =
  | { send: true; url: string; body: unknown; write?: string }
  | { send: false; reason: string };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether `method` changes state on the apiserver. */
export function isMutating(method: string): boolean {
  return MUTATING.has(method.toUpperCase());
}

/**
 * Connect subresources reach the workload itself (exec, attach, port-forward,
 * proxy): the apiserver cannot dry-run them, and even a GET through them is
 * not a read of the API.
 */
export function isConnectPath(path: string): boolean {
  const segments = path.split("/").filter((s) => s.length > 0);
  // /api/v1/... or /apis/{group}/{version}/..., then namespaces/{ns}/ for namespaced resources.
  let rest = segments[0] === "apis" ? segments.slice(3) : segments.slice(2);
  if (rest[0] === "namespaces" && rest.length > 2) rest = rest.slice(2);
  // {resource}/{name}/{subresource}: a pod named "proxy" is not the proxy subresource.
  return rest.length >= 3 && CONNECT.has(rest[2] ?? "");
}

const CONNECT = new Set(["exec", "attach", "portforward", "proxy"]);

/** "PATCH /apis/apps/v1/namespaces/shop/deployments/web": one write, as the write pass matches it against the dry run. */
export function writeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${new URL(url).pathname.replace(/\/+$/, "")}`;
}

/** Sets query parameters on `url`, replacing any the plugin set itself. */
export function withQuery(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/**
 * The DeleteOptions body of a dry-run DELETE. The apiserver reads a DELETE's
 * options from its body whenever there is one and then ignores the query,
 * so the dry run goes into the body too; a body it cannot read is refused.
 */
export function dryRunDeleteBody(body: unknown): { body: string } | { error: string } {
  if (body === undefined || body === "") return { body: JSON.stringify({ dryRun: ["All"] }) };
  if (typeof body !== "string") return { error: "a DELETE body that is not JSON cannot be made a dry run" };
  let options: unknown;
  try {
    options = JSON.parse(body);
  } catch {
    return { error: "a DELETE body that is not JSON cannot be made a dry run" };
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    return { error: "a DELETE body that is not a DeleteOptions object cannot be made a dry run" };
  }
  return { body: JSON.stringify({ ...options, dryRun: ["All"] }) };
}

/** What happens to `request` in `mode`; `proven` holds the writes a dry-run pass of the same step got accepted. */
export function decideRequest(mode: AccessMode, request: OutgoingRequest, proven: ReadonlySet<string> = new Set()): RequestDecision {
  const method = request.method.toUpperCase();
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    return { send: false, reason: `refused ${method} ${request.url}: not a URL` };
  }
  const what = `${method} ${path}`;
  if (isConnectPath(path)) return { send: false, reason: `refused ${what}: connect subresources (exec, attach, port-forward, proxy) are never sent by a plugin` };
  if (method === "GET") return { send: true, url: request.url, body: request.body };
  if (!isMutating(method)) return { send: false, reason: `refused ${what}: only GET, POST, PUT, PATCH and DELETE are sent` };
  if (mode === "read-only") return { send: false, reason: `refused ${what}: a diagnostic plugin only reads (GET)` };
  if (mode === "dry-run") return dryRunRequest(method, request, what);
  const key = writeKey(method, request.url);
  if (!proven.has(key)) return { send: false, reason: `refused ${what}: the dry run of this step did not send it, so it is not sent for real` };
  return { send: true, url: withManager(method, request.url), body: request.body, write: key };
}

function dryRunRequest(method: string, request: OutgoingRequest, what: string): RequestDecision {
  const url = withQuery(withManager(method, request.url), { dryRun: "All" });
  const write = writeKey(method, request.url);
  if (method !== "DELETE") return { send: true, url, body: request.body, write };
  const body = dryRunDeleteBody(request.body);
  if ("error" in body) return { send: false, reason: `refused ${what}: ${body.error}` };
  return { send: true, url, body: body.body, write };
}

/** DELETE takes no field manager (the apiserver tracks fields of live objects only); every other write names kubefix. */
function withManager(method: string, url: string): string {
  return method === "DELETE" ? url : withQuery(url, { fieldManager: FIELD_MANAGER });
}
