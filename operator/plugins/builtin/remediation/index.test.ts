import { z } from "zod";
import { describe, expect, it } from "vitest";
import { remediationPlugins } from "./index.js";

// Medium-risk fixes run on their own when policy allows (auto-execution up to medium by default);
// the ones that always need a human say so with requiresApproval.
const alwaysNeedsApproval = new Set(["set_deployment_image", "resume_rollout", "cordon_node", "uncordon_node"]);

const expectedRisk: Record<string, string> = {
  restart_pod: "low",
  rollout_restart_deployment: "low",
  scale_deployment: "medium",
  scale_statefulset: "medium",
  set_container_resources: "medium",
  set_deployment_image: "high",
  rollback_deployment: "medium",
  pause_rollout: "low",
  resume_rollout: "medium",
  cordon_node: "medium",
  uncordon_node: "medium",
  delete_evicted_pods: "low",
  suspend_cronjob: "low",
  resume_cronjob: "low",
};

describe("remediationPlugins", () => {
  it("has each plugin once", () => {
    expect(remediationPlugins.map((p) => p.name).sort()).toEqual(Object.keys(expectedRisk).sort());
  });

  it.each(remediationPlugins.map((p) => [p.name, p] as const))("%s is declared as a remediation", (name, plugin) => {
    expect(plugin.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/);
    expect(plugin.category).toBe("remediation");
    expect(plugin.riskLevel).toBe(expectedRisk[name]);
    expect(plugin.requiresApproval).toBe(alwaysNeedsApproval.has(name));
    expect(plugin.description).toMatch(/\p{Script=Han}/u);
    expect(plugin.description).not.toContain("\n");
  });

  it.each(remediationPlugins.map((p) => [p.name, p] as const))("%s describes every argument", (_name, plugin) => {
    const schema = z.toJSONSchema(plugin.args, { io: "input" }) as { properties?: Record<string, { description?: string }> };
    const properties = Object.entries(schema.properties ?? {});
    expect(properties.length).toBeGreaterThan(0);
    for (const [key, property] of properties) {
      expect(key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(property.description, key).toBeTruthy();
    }
  });
});
