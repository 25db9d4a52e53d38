/**
 * The guarded config's wiring, without a server: a capturing middleware
 * records what would be sent and stops the request there.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, Observable, Watch, type ObservableMiddleware, type RequestContext } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { GuardedKubeConfig, RequestRefused } from "./guarded-kube-config.js";
import type { AccessMode } from "./request-guard.js";
import { WriteLedger } from "./write-ledger.js";

function baseConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:1", skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return kc;
}

interface Captured {
  method: string;
  url: URL;
  body: unknown;
  signal: AbortSignal | undefined;
  authorization: string | undefined;
}

function guarded(mode: AccessMode, proven?: Set<string>): { kc: GuardedKubeConfig; sent: Captured[]; ledger: WriteLedger; signal: AbortSignal } {
  const sent: Captured[] = [];
  const capture: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      sent.push({ method: ctx.getHttpMethod(), url: new URL(ctx.getUrl()), body: ctx.getBody(), signal: ctx.getSignal(), authorization: ctx.getHeaders().Authorization });
      return new Observable(Promise.reject(new Error("captured, not sent")));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  const ledger = new WriteLedger();
  const signal = new AbortController().signal;
  const kc = new GuardedKubeConfig(baseConfig(), { mode, signal, ledger, middleware: [capture], ...(proven ? { proven } : {}) });
  return { kc, sent, ledger, signal };
}

const deployment = { name: "web", namespace: "shop", body: { spec: { replicas: 2 } } };

describe("GuardedKubeConfig", () => {
  it("refuses a diagnostic's write before it is sent", async () => {
    const { kc, sent, ledger } = guarded("read-only");
    await expect(kc.makeApiClient(CoreV1Api).deleteNamespacedPod({ name: "p", namespace: "shop" })).rejects.toBeInstanceOf(RequestRefused);
    expect(sent).toEqual([]);
    expect(ledger.snapshot()).toEqual([]);
  });

  it("lets a diagnostic's GET through with the credentials and the call's signal", async () => {
    const { kc, sent, signal } = guarded("read-only");
    await expect(kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: "p", namespace: "shop" })).rejects.toThrow("captured");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "GET", authorization: "Bearer t" });
    expect(sent[0]!.signal).toBe(signal);
  });

  it("sends a dry-run pass's PATCH and DELETE as dry runs, whatever the plugin passed", async () => {
    const { kc, sent, ledger } = guarded("dry-run");
    await expect(kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(deployment)).rejects.toThrow("captured");
    await expect(kc.makeApiClient(CoreV1Api).deleteNamespacedPod({ name: "p", namespace: "shop", body: { preconditions: { uid: "u1" } } })).rejects.toThrow("captured");
    expect(sent.map((s) => [s.method, s.url.searchParams.get("dryRun"), s.url.searchParams.get("fieldManager")])).toEqual([
      ["PATCH", "All", "kubefix"],
      ["DELETE", "All", null],
    ]);
    expect(JSON.parse(sent[1]!.body as string)).toEqual({ preconditions: { uid: "u1" }, dryRun: ["All"] });
    // Noted as prepared, never answered.
    expect(ledger.snapshot().map((r) => r.key)).toEqual([
      "PATCH /apis/apps/v1/namespaces/shop/deployments/web",
      "DELETE /api/v1/namespaces/shop/pods/p",
    ]);
  });

  it("in the write pass sends only what the dry run proved", async () => {
    const { kc, sent } = guarded("write", new Set(["PATCH /apis/apps/v1/namespaces/shop/deployments/web"]));
    const apps = kc.makeApiClient(AppsV1Api);
    await expect(apps.patchNamespacedDeployment(deployment)).rejects.toThrow("captured");
    await expect(apps.patchNamespacedDeployment({ ...deployment, name: "api" })).rejects.toBeInstanceOf(RequestRefused);
    expect(sent.map((s) => s.url.pathname)).toEqual(["/apis/apps/v1/namespaces/shop/deployments/web"]);
    expect(sent[0]!.url.searchParams.get("dryRun")).toBeNull();
  });

  it("sends nothing once closed", async () => {
    const { kc, sent } = guarded("read-only");
    const core = kc.makeApiClient(CoreV1Api);
    kc.close();
    await expect(core.readNamespacedPod({ name: "p", namespace: "shop" })).rejects.toThrow(/the plugin call has ended/);
    expect(sent).toEqual([]);
  });

  it("refuses raw requests (watch, log streams, exec), which would bypass the guard", async () => {
    const { kc } = guarded("read-only");
    await expect(kc.applyToFetchOptions({})).rejects.toBeInstanceOf(RequestRefused);
    await expect(new Watch(kc).watch("/api/v1/pods", {}, () => undefined, () => undefined)).rejects.toBeInstanceOf(RequestRefused);
  });
});
