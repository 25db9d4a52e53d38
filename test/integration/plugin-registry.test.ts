/**
 * The plugin registry on the real apiserver: built-ins published as Plugin
 * resources, calls validated and timed out, usage statistics in status.
 */
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { KindClient } from "../../lib/kube/kind-client.js";
import { componentLogger } from "../../lib/logger.js";
import { PLUGINS, type Plugin, type PluginInput } from "../../lib/resources.js";
import { PluginRegistry } from "../../operator/plugins/registry.js";
import { definePlugin } from "../../operator/plugins/types.js";
import { adminKube, createNamespace, kubectl } from "./helpers.js";

const echo = definePlugin({
  name: "echo_value",
  description: "回显参数",
  category: "diagnostic",
  args: z.object({ value: z.string().min(1).describe("what to echo"), fail: z.boolean().optional() }),
  riskLevel: "low",
  requiresApproval: false,
  timeoutSeconds: 5,
  run: async (_ctx, args) => {
    await Promise.resolve();
    if (args.fail) throw new Error("asked to fail");
    return { ok: true, summary: `echo ${args.value}`, data: { value: args.value } };
  },
});

const slow = definePlugin({
  name: "slow_call",
  description: "慢调用",
  category: "diagnostic",
  args: z.object({}),
  riskLevel: "low",
  requiresApproval: false,
  timeoutSeconds: 1,
  run: (ctx) => new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve({ ok: true, summary: "too late" }))),
});

let ns = "";
let registry: PluginRegistry;
let plugins: KindClient<Plugin, PluginInput>;

beforeAll(async () => {
  ns = await createNamespace("reg");
  registry = new PluginRegistry({ kc: adminKube(), namespace: ns, log: componentLogger("test"), plugins: [echo, slow] });
  plugins = new KindClient(adminKube(), PLUGINS, ns);
  await registry.install();
});

describe("install", () => {
  it("publishes each built-in as a Plugin with its JSON-schema parameters", async () => {
    const plugin = await plugins.get("echo-value");
    expect(plugin.spec.category).toBe("diagnostic");
    expect(plugin.spec.implementation).toEqual({ type: "builtin", builtin: "echo_value" });
    const params = plugin.spec.parameters as { properties: Record<string, { type: string; description?: string }>; required: string[] };
    expect(params.properties.value).toMatchObject({ type: "string", description: "what to echo" });
    expect(params.required).toEqual(["value"]);
    expect(plugin.metadata.labels?.["kubefix.io/builtin"]).toBe("true");
  });

  it("keeps what a user changed when installed again, and updates the rest", async () => {
    await plugins.patch("echo-value", { spec: { enabled: false, riskLevel: "high", description: "edited" } });
    await registry.install();
    const plugin = await plugins.get("echo-value");
    expect(plugin.spec.enabled).toBe(false);
    expect(plugin.spec.riskLevel).toBe("high");
    expect(plugin.spec.description).toBe("回显参数");
    await plugins.patch("echo-value", { spec: { enabled: true, riskLevel: "low" } });
  });
});

describe("call", () => {
  it("runs a plugin and returns its result", async () => {
    const result = await registry.call("echo_value", { value: "hi" });
    expect(result).toMatchObject({ ok: true, data: { value: "hi" } });
  });

  it.each<[string, string, unknown, RegExp]>([
    ["an unknown plugin", "nope", {}, /no plugin named nope/],
    ["a missing argument", "echo_value", {}, /invalid arguments: value/],
    ["a wrong type", "echo_value", { value: 3 }, /invalid arguments: value/],
    ["a plugin that throws", "echo_value", { value: "x", fail: true }, /asked to fail/],
    ["a plugin past its timeout", "slow_call", {}, /timed out after 1s/],
  ])("turns %s into a failed result, never an exception", async (_what, name, args, error) => {
    const result = await registry.call(name, args);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(error);
  });

  it("refuses a plugin that a user disabled", async () => {
    await plugins.patch("echo-value", { spec: { enabled: false } });
    const result = await registry.call("echo_value", { value: "x" });
    await plugins.patch("echo-value", { spec: { enabled: true } });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("disabled");
  });
});

describe("usage statistics", () => {
  it("counts uses, successes and the mean duration in status, shown by kubectl", async () => {
    const fresh = new PluginRegistry({ kc: adminKube(), namespace: ns, log: componentLogger("test"), plugins: [echo] });
    const before = (await plugins.get("echo-value")).status?.usageCount ?? 0;
    await Promise.all([
      fresh.call("echo_value", { value: "a" }),
      fresh.call("echo_value", { value: "b" }),
      fresh.call("echo_value", { value: "c", fail: true }),
      fresh.call("echo_value", { value: "d" }),
    ]);
    await fresh.flush();
    const status = (await plugins.get("echo-value")).status!;
    expect(status.usageCount).toBe(before + 4);
    expect(status.failureCount).toBeGreaterThanOrEqual(1);
    expect(status.avgDurationSeconds).toBeGreaterThanOrEqual(0);
    expect(status.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const out = await kubectl(["get", "plugins.kubefix.io", "echo-value", "-n", ns, "--no-headers"]);
    expect(out.split(/\s+/).slice(0, 5)).toEqual(["echo-value", "diagnostic", "low", "true", String(before + 4)]);
  });
});
