/**
 * The REST facade on the real apiserver for API suites: an operator and the
 * facade in one install namespace, and a token for each kubefix role made
 * the documented way (ServiceAccount, RoleBinding, TokenRequest).
 */
import { ADMIN_ROLE, ALERT_SENDER_ROLE, APPROVER_ROLE, VIEWER_ROLE } from "../../api/auth/roles.js";
import { startApi, type RunningApi } from "../../api/server.js";
import { applyUserRoles, userToken } from "../harness/api-users.js";
import { adminKube } from "./helpers.js";
import { startTestOperator, type OperatorSetup, type OperatorSetupOptions } from "./operator-setup.js";

export interface Tokens {
  admin: string;
  viewer: string;
  approver: string;
  sender: string;
  nobody: string;
}

export interface ApiSetup extends OperatorSetup {
  api: RunningApi;
  tokens: Tokens;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read documented JSON by path
  body: any;
  text: string;
}

/** Starts an operator and the facade over the same namespace and issues the five tokens. */
export async function startApiSetup(opts: OperatorSetupOptions = {}): Promise<ApiSetup> {
  const s = await startTestOperator(opts);
  const kc = adminKube();
  const api = await startApi({ kc, namespace: s.installNs, address: "127.0.0.1:0", databasePath: ":memory:", version: "0.1.0" });
  await applyUserRoles(kc);
  const token = (name: string, clusterRole?: string): Promise<string> =>
    userToken(kc, { namespace: s.installNs, name, ...(clusterRole ? { clusterRole } : {}) });
  const [admin, viewer, approver, sender, nobody] = await Promise.all([
    token("admin", ADMIN_ROLE),
    token("viewer", VIEWER_ROLE),
    token("approver", APPROVER_ROLE),
    token("sender", ALERT_SENDER_ROLE),
    token("nobody"),
  ]);
  return {
    ...s,
    api,
    tokens: { admin: admin, viewer: viewer, approver: approver, sender: sender, nobody: nobody },
    stop: async () => {
      await api.close();
      await s.operator.stop();
    },
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  raw?: string;
  headers?: Record<string, string>;
}

/** One HTTP call to the facade; the body is parsed as JSON when it is JSON. */
export async function call(api: RunningApi, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers };
  let payload: string | undefined = o.raw;
  if (o.body !== undefined) {
    payload = JSON.stringify(o.body);
    headers["content-type"] ??= "application/json";
  } else if (o.raw !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${api.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}
