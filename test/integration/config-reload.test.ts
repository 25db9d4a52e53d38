/**
 * Runtime settings on the real apiserver: the store writes ConfigMap
 * kubefix-config and Secret kubefix-secrets and never shows a secret, a
 * running operator follows the ConfigMap without a restart, and the
 * environment context survives a round trip and reports a broken hand edit.
 */
import { AppsV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTINGS_CONFIGMAP, SETTINGS_SECRET, SettingsStore, renderConfigDocument } from "../../lib/settings/config-store.js";
import { ENVIRONMENT_CONTEXT_CONFIGMAP, EnvironmentContextStore } from "../../lib/settings/environment-context.js";
import { validateSettingsUpdate } from "../../lib/settings/validate.js";
import { createIntake } from "../../lib/intake/intake.js";
import { deploymentManifest, simulate } from "../fixtures/scenarios.js";
import { adminKube, createNamespace, eventually, kubectl } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const RAW_SECRET = "sk-ant-integration-secret-4242";
const LABELS = { "app.kubernetes.io/part-of": "kubefix", "app.kubernetes.io/component": "settings" };

function validated(body: Record<string, unknown>): Record<string, string | null> {
  const result = validateSettingsUpdate(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.values;
}

const configData = async (namespace: string): Promise<Record<string, string> | undefined> =>
  (await core.readNamespacedConfigMap({ name: SETTINGS_CONFIGMAP, namespace })).data;

describe("SettingsStore", () => {
  let ns: string;
  let store: SettingsStore;
  beforeAll(async () => {
    ns = await createNamespace("cfg");
    store = new SettingsStore({ kc, namespace: ns, env: {} });
  });

  it("reads the defaults when nothing is stored", async () => {
    const settings = await store.read();
    expect(settings.values.LLM_TIMEOUT).toBe(300);
    expect(settings.secrets.LLM_API_KEY).toBe(false);
    expect(settings.problems).toEqual([]);
  });

  it("keeps plain settings in the ConfigMap, secrets in the Secret, and shows secrets only masked", async () => {
    await store.update(validated({ LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: 600, LLM_API_KEY: RAW_SECRET, ALLOWED_NAMESPACES: ["default", "production"] }));

    const cm = await core.readNamespacedConfigMap({ name: SETTINGS_CONFIGMAP, namespace: ns });
    expect(cm.data).toEqual({ LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: "600", ALLOWED_NAMESPACES: "default,production" });
    expect(cm.metadata?.labels).toMatchObject(LABELS);
    const secret = await core.readNamespacedSecret({ name: SETTINGS_SECRET, namespace: ns });
    expect(Object.keys(secret.data ?? {})).toEqual(["LLM_API_KEY"]);
    expect(Buffer.from(secret.data!.LLM_API_KEY!, "base64").toString("utf8")).toBe(RAW_SECRET);
    expect(secret.metadata?.labels).toMatchObject(LABELS);

    const settings = await store.read();
    expect(settings.values).toMatchObject({ LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: 600, ALLOWED_NAMESPACES: ["default", "production"] });
    expect(settings.sources.LLM_TIMEOUT).toBe("cluster");
    expect(settings.secrets.LLM_API_KEY).toBe(true);
    const doc = renderConfigDocument(settings);
    expect(doc.llm).toMatchObject({ model: "claude-3-5-sonnet-20241022", timeout: 600, api_key: "******" });
    expect(doc.security?.allowed_namespaces).toEqual(["default", "production"]);
    expect(JSON.stringify(doc)).not.toContain(RAW_SECRET);
    expect(JSON.stringify(settings)).not.toContain(RAW_SECRET);
    expect(await store.secret("LLM_API_KEY")).toBe(RAW_SECRET);
  });

  it("removes a key on null, back to the default, and leaves the others", async () => {
    await store.update(validated({ LLM_TIMEOUT: null, LLM_API_KEY: null }));
    expect(await configData(ns)).toEqual({ LLM_MODEL: "claude-3-5-sonnet-20241022", ALLOWED_NAMESPACES: "default,production" });
    const secret = await core.readNamespacedSecret({ name: SETTINGS_SECRET, namespace: ns });
    expect(secret.data ?? {}).toEqual({});
    const settings = await store.read();
    expect(settings.values.LLM_TIMEOUT).toBe(300);
    expect(settings.sources.LLM_TIMEOUT).toBe("default");
    expect(renderConfigDocument(settings).llm?.api_key).toBeNull();
  });

  it("reports a hand-edited bad value and reads on", async () => {
    await kubectl(["patch", "configmap", SETTINGS_CONFIGMAP, "-n", ns, "--type=merge", "-p", JSON.stringify({ data: { LLM_TIMEOUT: "forever" } })]);
    const settings = await store.read();
    expect(settings.values.LLM_TIMEOUT).toBe(300);
    expect(settings.problems.map((p) => p.key)).toEqual(["LLM_TIMEOUT"]);
  });

  it("two first writers racing to create the ConfigMap both land", async () => {
    const fresh = await createNamespace("cfg");
    const a = new SettingsStore({ kc, namespace: fresh, env: {} });
    const b = new SettingsStore({ kc, namespace: fresh, env: {} });
    await Promise.all([a.update({ LLM_MODEL: "model-a" }), b.update({ ENABLE_AWS: "true" }), a.update({ HOURLY_QUOTA: "4" })]);
    expect(await configData(fresh)).toEqual({ LLM_MODEL: "model-a", ENABLE_AWS: "true", HOURLY_QUOTA: "4" });
  });
});

/** A Deployment whose pods are OOMKilled while their memory limit is 128Mi. */
async function leakyDeployment(namespace: string, name: string): Promise<V1Pod> {
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name, { annotations: simulate("oom-killed", { "oom-limit": "128Mi" }) }) });
  return eventually("an OOMKilled pod", async () => {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    return pods.items.find((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled");
  });
}

async function alertOn(s: OperatorSetup, service: string): Promise<string> {
  const pod = await leakyDeployment(s.appNs, service);
  const message = `[告警] Pod OOMKilled\n服务: ${service}\n命名空间: ${s.appNs}\nPod: ${pod.metadata!.name}\n级别: high`;
  return (await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "alert_bot" })).incidentId;
}

describe("the operator follows ConfigMap kubefix-config without a restart", () => {
  let s: OperatorSetup;
  let store: SettingsStore;
  beforeAll(async () => {
    s = await startTestOperator({ allowApp: false });
    store = new SettingsStore({ kc, namespace: s.installNs, env: {} });
  });
  afterAll(async () => s.operator.stop());

  it("escalates outside the allowed namespaces, then executes once the ConfigMap allows the namespace", async () => {
    const first = await phaseOf(s, await alertOn(s, "user-service"), ["escalated", "resolved"]);
    expect(first.status?.phase).toBe("escalated");
    expect(first.status?.policy?.verdict).toBe("deny");

    await store.update(validated({ ALLOWED_NAMESPACES: [s.appNs] }));
    await eventually("the operator to reload", () => (s.operator.config().policy.allowedNamespaces.includes(s.appNs) ? true : undefined));

    const second = await phaseOf(s, await alertOn(s, "billing"), ["resolved", "escalated", "failed"], 180_000);
    expect(second.status?.policy?.verdict).toBe("auto_execute");
    expect(second.status?.phase).toBe("resolved");
  }, 300_000);

  it("ignores a bad hand-edited value and applies the rest", async () => {
    const patch = { data: { MIN_CONFIDENCE: "2", HOURLY_QUOTA: "7" } };
    await kubectl(["patch", "configmap", SETTINGS_CONFIGMAP, "-n", s.installNs, "--type=merge", "-p", JSON.stringify(patch)]);
    const config = await eventually("the quota to reload", () => (s.operator.config().policy.hourlyQuota === 7 ? s.operator.config() : undefined));
    expect(config.minConfidence).toBe(0.6);
    expect(config.policy.allowedNamespaces).toEqual([s.appNs]);
  });

  it("returns to the configuration it started with when the ConfigMap is deleted", async () => {
    await core.deleteNamespacedConfigMap({ name: SETTINGS_CONFIGMAP, namespace: s.installNs });
    const config = await eventually("the base config", () => (s.operator.config().policy.hourlyQuota === 10 ? s.operator.config() : undefined));
    expect(config.policy.allowedNamespaces).toEqual(["default"]);
  });
});

describe("EnvironmentContextStore", () => {
  const documented = {
    services: [{ name: "user-service", namespace: "production", dependencies: ["postgres", "redis"] }],
    infrastructure: { cluster: "prod-cluster", nodes: 10, databases: ["postgres", "mysql"] },
    alert_definitions: { critical: "影响用户访问的严重问题", warning: "需要关注但不影响用户" },
  };
  let ns: string;
  let store: EnvironmentContextStore;
  beforeAll(async () => {
    ns = await createNamespace("envctx");
    store = new EnvironmentContextStore({ kc, namespace: ns });
  });

  it("reads the empty context when nothing is stored", async () => {
    expect(await store.read()).toEqual({ ok: true, context: { services: [], infrastructure: {}, alert_definitions: {} } });
  });

  it("writes YAML a person can edit and reads it back", async () => {
    expect(await store.write(documented)).toEqual({ ok: true, context: documented });
    expect(await store.read()).toEqual({ ok: true, context: documented });
    const yaml = await kubectl(["get", "configmap", ENVIRONMENT_CONTEXT_CONFIGMAP, "-n", ns, "-o", "jsonpath={.data.context\\.yaml}"]);
    expect(yaml).toContain("- name: user-service");
  });

  it("refuses an invalid context and keeps the stored one", async () => {
    const result = await store.write({ services: [{ namespace: "x" }] });
    expect(result.ok ? undefined : result.problem).toMatchObject({ reason: "invalid_context", issues: [{ field: "services.0.name", message: "必填" }] });
    expect(await store.read()).toEqual({ ok: true, context: documented });
  });

  it.each([
    ["broken YAML", "services: [unclosed\n  a: b", "invalid_yaml"],
    ["YAML of the wrong shape", "services:\n  - namespace: x\n", "invalid_context"],
  ])("reports a hand edit that left %s as a problem", async (_name, text, reason) => {
    const patch = { data: { "context.yaml": text } };
    await kubectl(["patch", "configmap", ENVIRONMENT_CONTEXT_CONFIGMAP, "-n", ns, "--type=merge", "-p", JSON.stringify(patch)]);
    const result = await store.read();
    expect(result.ok ? undefined : result.problem.reason).toBe(reason);
  });
});
