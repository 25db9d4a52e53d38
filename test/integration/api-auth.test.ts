/**
 * Facade auth against a real apiserver: ServiceAccount tokens authenticate
 * through TokenReview, and the generated ClusterRoles (deploy/user-roles.yaml)
 * decide each action through SubjectAccessReview, in the install namespace only.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeAuth, type AccessCheck, type ApiUser } from "../../api/auth/kube-auth.js";
import { userRolesPath } from "../../api/auth/write-roles.js";
import { DEFAULT_RATE_LIMITS } from "../../api/rate-limits.js";
import { startApi } from "../../api/server.js";
import { call } from "./api-setup.js";
import { adminKube, controlPlane, createNamespace, eventually, kubectl } from "./helpers.js";

const kc = adminKube();
const core = kc.makeApiClient(CoreV1Api);
const rbac = kc.makeApiClient(RbacAuthorizationV1Api);

/** ServiceAccount name -> the ClusterRole bound to it in the install namespace (none for "nobody"). */
const ACCOUNTS: Record<string, string | undefined> = {
  viewer: "kubefix-viewer",
  approver: "kubefix-approver",
  admin: "kubefix-admin",
  sender: "kubefix-alert-sender",
  nobody: undefined,
  "built-in-view": "view",
  "built-in-edit": "edit",
};

let ns = "";
let elsewhere = "";
let auth: KubeAuth;
const tokens = new Map<string, string>();
const users = new Map<string, ApiUser>();

/** A KubeAuth that caches nothing, for probes that wait for the apiserver to change its mind. */
const uncached = (namespace: string): KubeAuth => new KubeAuth({ kc, namespace, ttlMs: 0, negativeTtlMs: 0 });

async function serviceAccountWithRole(namespace: string, name: string, role: string | undefined): Promise<string> {
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  if (role) {
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: `${name}-${role}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subjects: [{ kind: "ServiceAccount", name, namespace }],
      },
    });
  }
  return tokenOf(namespace, name);
}

async function tokenOf(namespace: string, name: string, audiences?: string[]): Promise<string> {
  const request = await core.createNamespacedServiceAccountToken({
    namespace,
    name,
    // No audiences means the apiserver's own, the ones the facade's TokenReview checks by default.
    body: { spec: { expirationSeconds: 600, audiences: audiences ?? [] } },
  });
  return request.status!.token;
}

/** Waits until RBAC (and role aggregation) lets `user` do `check` in `namespace`. */
async function untilAllowed(namespace: string, user: ApiUser, check: AccessCheck): Promise<void> {
  const probe = uncached(namespace);
  await eventually(`${user.username} may ${check.verb} ${check.resource}`, async () =>
    (await probe.authorize(user, check)).allowed ? true : undefined,
  );
}

beforeAll(async () => {
  [ns, elsewhere] = await Promise.all([createNamespace("auth"), createNamespace("auth-other")]);
  auth = new KubeAuth({ kc, namespace: ns });
  // The real names, applied idempotently: other suites share the control plane and may apply them too.
  await kubectl(["apply", "-f", userRolesPath]);
  for (const [name, role] of Object.entries(ACCOUNTS)) {
    const token = await serviceAccountWithRole(ns, name, role);
    tokens.set(name, token);
    users.set(name, (await auth.authenticate(token))!);
  }
  tokens.set("elsewhere-admin", await serviceAccountWithRole(elsewhere, "admin", "kubefix-admin"));
  // Bindings reach the authorizer through an informer: wait for one allowed action each, then test with caching on.
  await Promise.all([
    untilAllowed(ns, users.get("viewer")!, { verb: "list", resource: "incidents" }),
    untilAllowed(ns, users.get("approver")!, { verb: "update", resource: "incidents", subresource: "approval" }),
    untilAllowed(ns, users.get("admin")!, { verb: "get", resource: "secrets", group: "", name: "kubefix-secrets" }),
    untilAllowed(ns, users.get("sender")!, { verb: "create", resource: "incidents" }),
    untilAllowed(ns, users.get("built-in-view")!, { verb: "list", resource: "incidents" }),
    untilAllowed(ns, users.get("built-in-edit")!, { verb: "update", resource: "incidents", subresource: "approval" }),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([ns, elsewhere].filter(Boolean).map((name) => core.deleteNamespace({ name })));
});

describe("authenticate", () => {
  it.each(Object.keys(ACCOUNTS))("knows the token of %s as its ServiceAccount", (name) => {
    const user = users.get(name);
    expect(user?.username).toBe(`system:serviceaccount:${ns}:${name}`);
    expect(user?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(user?.groups).toEqual(
      expect.arrayContaining(["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"]),
    );
  });

  it.each([
    ["garbage", "not-a-token"],
    ["a JWT-shaped forgery", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"],
  ])("refuses %s", async (_name, token) => {
    await expect(auth.authenticate(token)).resolves.toBeUndefined();
  });

  it("refuses a token issued for another audience, unless configured to accept it", async () => {
    const token = await tokenOf(ns, "viewer", ["not-kubefix"]);
    await expect(auth.authenticate(token)).resolves.toBeUndefined();
    const forOther = new KubeAuth({ kc, namespace: ns, audiences: ["not-kubefix"] });
    await expect(forOther.authenticate(token)).resolves.toMatchObject({
      username: `system:serviceaccount:${ns}:viewer`,
    });
  });

  it("refuses the token of a deleted ServiceAccount", async () => {
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: "gone" } } });
    const token = await tokenOf(ns, "gone");
    const probe = uncached(ns);
    await expect(probe.authenticate(token)).resolves.toMatchObject({ username: `system:serviceaccount:${ns}:gone` });
    await core.deleteNamespacedServiceAccount({ namespace: ns, name: "gone" });
    await eventually("the token to be refused", async () =>
      (await probe.authenticate(token)) === undefined ? true : undefined,
    );
  });
});

const approve: AccessCheck = { verb: "update", resource: "incidents", subresource: "approval", name: "inc-1" };
const configMap = (verb: string, name = "kubefix-config"): AccessCheck => ({ verb, resource: "configmaps", group: "", name });
const secret = (verb: string, name = "kubefix-secrets"): AccessCheck => ({ verb, resource: "secrets", group: "", name });

describe("authorize", () => {
  it.each<[string, AccessCheck, boolean]>([
    ["viewer", { verb: "list", resource: "incidents" }, true],
    ["viewer", { verb: "get", resource: "knowledgeentries", name: "kb-1" }, true],
    ["viewer", configMap("get"), true],
    ["viewer", configMap("get", "kubefix-environment-context"), true],
    ["viewer", approve, false],
    ["viewer", configMap("update"), false],
    ["viewer", { verb: "create", resource: "incidents" }, false],
    ["viewer", secret("get"), false],
    ["approver", approve, true],
    ["approver", { verb: "watch", resource: "incidents" }, true],
    ["approver", { verb: "create", resource: "knowledgeentries" }, false],
    ["sender", { verb: "create", resource: "incidents" }, true],
    ["sender", { verb: "list", resource: "incidents" }, false],
    ["sender", { verb: "get", resource: "incidents", name: "inc-1" }, false],
    ["admin", secret("update"), true],
    ["admin", secret("get"), true],
    ["admin", secret("update", "other-secret"), false],
    ["admin", { verb: "list", resource: "secrets", group: "" }, false],
    ["admin", configMap("update"), true],
    ["admin", configMap("patch", "kubefix-environment-context"), true],
    ["admin", configMap("update", "other-config"), false],
    ["admin", { verb: "delete", resource: "knowledgeentries", name: "kb-1" }, true],
    ["admin", approve, true],
    ["admin", { verb: "create", resource: "incidents" }, true],
    ["nobody", { verb: "list", resource: "incidents" }, false],
    ["nobody", { verb: "create", resource: "incidents" }, false],
    ["nobody", configMap("get"), false],
    ["nobody", approve, false],
    ["built-in-view", { verb: "get", resource: "plugins", name: "p" }, true],
    ["built-in-view", approve, false],
    ["built-in-view", secret("get"), false],
    ["built-in-edit", approve, true],
    ["built-in-edit", { verb: "create", resource: "knowledgeentries" }, false],
  ])("%s: %j -> %s", async (name, check, allowed) => {
    const decision = await auth.authorize(users.get(name)!, check);
    expect(decision.allowed).toBe(allowed);
    if (allowed) expect(decision.reason).toMatch(/RBAC/);
  });

  it("counts a binding only in the install namespace", async () => {
    const user = (await auth.authenticate(tokens.get("elsewhere-admin")!))!;
    expect(user.username).toBe(`system:serviceaccount:${elsewhere}:admin`);
    // The binding is live in its own namespace, so the refusal below is about the namespace, not about timing.
    await untilAllowed(elsewhere, user, approve);
    await expect(auth.authorize(user, approve)).resolves.toMatchObject({ allowed: false });
  });
});

describe("the documented way to get a token", () => {
  it("kubectl create serviceaccount, rolebinding and token give a token that may approve", async () => {
    await kubectl(["create", "serviceaccount", "oncall", "-n", ns]);
    await kubectl(["create", "rolebinding", "oncall-approver", "-n", ns, "--clusterrole=kubefix-approver", `--serviceaccount=${ns}:oncall`]);
    const token = (await kubectl(["create", "token", "oncall", "-n", ns, "--duration=1h"])).trim();
    const user = await auth.authenticate(token);
    expect(user?.username).toBe(`system:serviceaccount:${ns}:oncall`);
    await untilAllowed(ns, user!, approve);
    await expect(auth.authorize(user!, { verb: "create", resource: "incidents" })).resolves.toMatchObject({
      allowed: false,
    });
  });
});

const run = promisify(execFile);

/** How many TokenReviews the apiserver has answered since it started, from its own metrics. */
async function tokenReviewsServed(): Promise<number> {
  // Not the kubectl helper: its output buffer is too small for the apiserver's metrics.
  const { stdout } = await run(controlPlane.kubectl, [`--kubeconfig=${controlPlane.adminKubeconfig}`, "get", "--raw", "/metrics"], { maxBuffer: 256 * 1024 * 1024 });
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("apiserver_request_total{") && line.includes('resource="tokenreviews"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe("a flood of random bearer tokens at the facade", () => {
  it("1000 random tokens from one client cost at most the refused-token budget in TokenReviews; the rest are 429", async () => {
    const api = await startApi({ kc, namespace: ns, address: "127.0.0.1:0", databasePath: ":memory:", version: "0.1.0" });
    try {
      const budget = DEFAULT_RATE_LIMITS.refusedTokensPerClient.max;
      const before = await tokenReviewsServed();
      const statuses = new Map<number, number>();
      for (let n = 0; n < 1_000; n++) {
        const reply = await call(api, "GET", "/api/incidents", { token: `forged-${n}-${Math.random().toString(36).slice(2)}` });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      }
      const reviews = (await tokenReviewsServed()) - before;
      expect(Object.fromEntries(statuses)).toEqual({ 401: budget, 429: 1_000 - budget });
      // Measured on the apiserver; other suites sharing the control plane may add a few of their own.
      expect(reviews).toBeGreaterThanOrEqual(budget);
      expect(reviews).toBeLessThan(budget + 40);
    } finally {
      await api.close();
    }
  });
});
