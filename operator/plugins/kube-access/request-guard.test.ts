import { describe, expect, it } from "vitest";
import { decideRequest, dryRunDeleteBody, isConnectPath, isMutating, writeKey, type AccessMode } from "./request-guard.js";

const API = "https://127.0.0.1:6443";
const DEPLOY = `${API}/apis/apps/v1/namespaces/shop/deployments/web`;
const POD = `${API}/api/v1/namespaces/shop/pods/web-1`;

describe("isMutating", () => {
  it.each([
    ["GET", false],
    ["HEAD", false],
    ["OPTIONS", false],
    ["POST", true],
    ["PUT", true],
    ["PATCH", true],
    ["DELETE", true],
    ["patch", true],
  ])("%s -> %s", (method, expected) => {
    expect(isMutating(method)).toBe(expected);
  });
});

describe("isConnectPath", () => {
  it.each([
    ["/api/v1/namespaces/shop/pods/web-1/exec", true],
    ["/api/v1/namespaces/shop/pods/web-1/attach", true],
    ["/api/v1/namespaces/shop/pods/web-1/portforward", true],
    ["/api/v1/namespaces/shop/services/web/proxy/admin/reset", true],
    ["/api/v1/nodes/n1/proxy", true],
    ["/api/v1/namespaces/shop/pods/web-1/log", false],
    ["/api/v1/namespaces/shop/pods/proxy", false],
    ["/apis/apps/v1/namespaces/shop/deployments/proxy", false],
    ["/apis/apps/v1/namespaces/proxy/deployments/exec", false],
    ["/api/v1/namespaces/exec", false],
    ["/api/v1/namespaces/shop/finalize", false],
    ["/apis/custom.example/v1/namespaces/shop/widgets/w1/proxy", true],
  ])("%s -> %s", (path, expected) => {
    // A pod, Deployment or namespace *named* proxy or exec is not the subresource.
    expect(isConnectPath(path)).toBe(expected);
  });
});

describe("writeKey", () => {
  it.each([
    ["patch", `${DEPLOY}?dryRun=All`, "PATCH /apis/apps/v1/namespaces/shop/deployments/web"],
    ["DELETE", `${POD}/`, "DELETE /api/v1/namespaces/shop/pods/web-1"],
  ])("%s %s -> %s", (method, url, key) => {
    expect(writeKey(method, url)).toBe(key);
  });
});

describe("dryRunDeleteBody", () => {
  it.each<[string, unknown, unknown]>([
    ["no body", undefined, { body: '{"dryRun":["All"]}' }],
    ["an empty body", "", { body: '{"dryRun":["All"]}' }],
    ["preconditions kept", '{"preconditions":{"uid":"u1"}}', { body: '{"preconditions":{"uid":"u1"},"dryRun":["All"]}' }],
    ["a plugin's own dryRun replaced", '{"dryRun":[]}', { body: '{"dryRun":["All"]}' }],
    ["not JSON", "uid=u1", { error: "a DELETE body that is not JSON cannot be made a dry run" }],
    ["a JSON array", "[1]", { error: "a DELETE body that is not a DeleteOptions object cannot be made a dry run" }],
    ["form data", { append: true }, { error: "a DELETE body that is not JSON cannot be made a dry run" }],
  ])("%s", (_what, body, expected) => {
    expect(dryRunDeleteBody(body)).toEqual(expected);
  });
});

describe("decideRequest", () => {
  type Expected = { send: false; reason: RegExp } | { send: true; query: Record<string, string>; body?: unknown };
  const proven = new Set(["PATCH /apis/apps/v1/namespaces/shop/deployments/web", "DELETE /api/v1/namespaces/shop/pods/web-1"]);
  const queryOf = (url: string): Record<string, string> => Object.fromEntries(new URL(url).searchParams);

  it.each<[string, AccessMode, string, string, unknown, Expected]>([
    ["a diagnostic's GET passes untouched", "read-only", "GET", `${DEPLOY}?pretty=true`, undefined, { send: true, query: { pretty: "true" } }],
    ["a diagnostic's watch passes", "read-only", "GET", `${DEPLOY}?watch=true`, undefined, { send: true, query: { watch: "true" } }],
    ["a diagnostic's PATCH is refused", "read-only", "PATCH", DEPLOY, "{}", { send: false, reason: /a diagnostic plugin only reads/ }],
    ["a diagnostic's DELETE is refused", "read-only", "DELETE", POD, undefined, { send: false, reason: /only reads/ }],
    ["a diagnostic's POST is refused", "read-only", "POST", `${API}/api/v1/namespaces/shop/pods`, "{}", { send: false, reason: /only reads/ }],
    ["HEAD is refused in any mode", "write", "HEAD", DEPLOY, undefined, { send: false, reason: /only GET, POST, PUT, PATCH and DELETE/ }],
    ["exec is refused even as GET", "read-only", "GET", `${POD}/exec?command=sh`, undefined, { send: false, reason: /connect subresources/ }],
    ["a proxy POST is refused in a dry run", "dry-run", "POST", `${API}/api/v1/namespaces/shop/services/web/proxy/reset`, "{}", { send: false, reason: /connect subresources/ }],
    ["a dry-run PATCH carries dryRun and the field manager", "dry-run", "PATCH", DEPLOY, "{}", { send: true, query: { fieldManager: "kubefix", dryRun: "All" }, body: "{}" }],
    ["a dry-run PUT overrides the plugin's manager", "dry-run", "PUT", `${DEPLOY}?fieldManager=me`, "{}", { send: true, query: { fieldManager: "kubefix", dryRun: "All" } }],
    ["a dry-run POST carries dryRun", "dry-run", "POST", `${API}/api/v1/namespaces/shop/pods/web-1/eviction`, "{}", { send: true, query: { fieldManager: "kubefix", dryRun: "All" } }],
    ["a dry-run apply with force keeps force", "dry-run", "PATCH", `${DEPLOY}?force=true`, "{}", { send: true, query: { force: "true", fieldManager: "kubefix", dryRun: "All" } }],
    ["a dry-run DELETE has dryRun in query and body", "dry-run", "DELETE", POD, '{"preconditions":{"uid":"u1"}}', { send: true, query: { dryRun: "All" }, body: '{"preconditions":{"uid":"u1"},"dryRun":["All"]}' }],
    ["a dry-run DELETE without a body gets one", "dry-run", "DELETE", POD, undefined, { send: true, query: { dryRun: "All" }, body: '{"dryRun":["All"]}' }],
    ["a dry-run DELETE with an unreadable body is refused", "dry-run", "DELETE", POD, "garbage", { send: false, reason: /not JSON/ }],
    ["a real PATCH the dry run sent passes with the manager", "write", "PATCH", DEPLOY, "{}", { send: true, query: { fieldManager: "kubefix" } }],
    ["a real DELETE the dry run sent passes unchanged", "write", "DELETE", POD, '{"preconditions":{"uid":"u1"}}', { send: true, query: {}, body: '{"preconditions":{"uid":"u1"}}' }],
    ["a real write the dry run did not send is refused", "write", "PATCH", `${API}/apis/apps/v1/namespaces/shop/deployments/api`, "{}", { send: false, reason: /the dry run of this step did not send it/ }],
    ["a real DELETE of another pod is refused", "write", "DELETE", `${API}/api/v1/namespaces/shop/pods/web-2`, undefined, { send: false, reason: /did not send it/ }],
    ["a real POST where the dry run PATCHed is refused", "write", "POST", DEPLOY, "{}", { send: false, reason: /did not send it/ }],
    ["not a URL", "read-only", "GET", "::", undefined, { send: false, reason: /not a URL/ }],
  ])("%s", (_what, mode, method, url, body, expected) => {
    const decision = decideRequest(mode, { method, url, body }, proven);
    expect(decision.send).toBe(expected.send);
    if (!decision.send || !expected.send) {
      expect(decision.send ? "" : decision.reason).toMatch((expected as { reason: RegExp }).reason);
      return;
    }
    expect(queryOf(decision.url)).toEqual(expected.query);
    if (expected.body !== undefined) expect(decision.body).toEqual(expected.body);
  });

  it("a real write with nothing proven is refused: the write pass never runs without a dry run", () => {
    expect(decideRequest("write", { method: "PATCH", url: DEPLOY, body: "{}" })).toMatchObject({ send: false });
  });
});
