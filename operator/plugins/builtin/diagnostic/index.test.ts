import { describe, expect, it } from "vitest";
import { z } from "zod";
import { diagnosticPlugins } from "./index.js";

const REQUIRED = [
  "list_pods",
  "describe_pod",
  "get_pod_logs",
  "get_events",
  "describe_deployment",
  "get_rollout_history",
  "describe_node",
  "list_nodes",
  "top_pods",
  "get_resource_quotas",
  "get_service_endpoints",
  "describe_pvc",
  "describe_hpa",
  "search_knowledge",
  "describe_statefulset",
  "describe_daemonset",
  "describe_cronjob",
  "get_configmap_secret_refs",
  "check_pod_scheduling",
];

describe("diagnosticPlugins", () => {
  it("has every required tool once", () => {
    const names = diagnosticPlugins.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...REQUIRED].sort());
  });

  it.each(diagnosticPlugins.map((p) => [p.name, p] as const))("%s is a read-only tool with a described snake_case schema", (name, plugin) => {
    expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(plugin).toMatchObject({ category: "diagnostic", riskLevel: "low", requiresApproval: false });
    expect(plugin.description).toMatch(/[\u4e00-\u9fff]/);
    expect(plugin.timeoutSeconds).toBeGreaterThan(0);
    const schema = z.toJSONSchema(plugin.args, { io: "input", unrepresentable: "any" }) as {
      properties?: Record<string, { description?: string }>;
    };
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      expect(key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(property.description, `${name}.${key}`).toBeTruthy();
    }
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ["describe_pod", { namespace: "shop", pod_name: "web-1" }, true],
    ["describe_pod", { namespace: "shop" }, false],
    ["describe_pod", { namespace: "Shop!", pod_name: "web-1" }, false],
    ["get_pod_logs", { namespace: "shop", pod_name: "web-1", tail_lines: 5000 }, false],
    ["get_events", { namespace: "shop", kind: "Pod,x=y" }, false],
    ["get_configmap_secret_refs", { namespace: "shop", pod_name: "a" }, true],
    ["get_configmap_secret_refs", { namespace: "shop" }, false],
    ["get_configmap_secret_refs", { namespace: "shop", pod_name: "a", deployment_name: "b" }, false],
    ["search_knowledge", { query: "" }, false],
    ["list_nodes", {}, true],
  ])("%s accepts %j: %s", (name, args, valid) => {
    const plugin = diagnosticPlugins.find((p) => p.name === name);
    expect(plugin?.args.safeParse(args).success).toBe(valid);
  });

  it("fills in defaults", () => {
    const logs = diagnosticPlugins.find((p) => p.name === "get_pod_logs");
    expect(logs?.args.parse({ namespace: "a", pod_name: "b" })).toEqual({ namespace: "a", pod_name: "b", tail_lines: 100, previous: false });
  });
});
