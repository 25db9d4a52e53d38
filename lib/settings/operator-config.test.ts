import { describe, expect, it } from "vitest";
import { configFromEnv } from "./operator-config.js";

describe("configFromEnv", () => {
  it("has safe defaults", () => {
    const config = configFromEnv({});
    expect(config.namespace).toBe("kubefix-system");
    expect(config.policy).toMatchObject({
      allowedNamespaces: ["default"],
      maxReplicaChange: 0.5,
      hourlyQuota: 10,
      autoExecuteMaxRisk: "medium",
      escalateCritical: true,
    });
    expect(config.policy.forbiddenVerbs).toContain("rm -rf");
  });

  it.each<[Record<string, string>, (c: ReturnType<typeof configFromEnv>) => unknown, unknown]>([
    [{ KUBEFIX_ALLOWED_NAMESPACES: "default, production ,," }, (c) => c.policy.allowedNamespaces, ["default", "production"]],
    [{ KUBEFIX_MAX_REPLICA_CHANGE: "1.5" }, (c) => c.policy.maxReplicaChange, 1.5],
    [{ KUBEFIX_HOURLY_QUOTA: "0" }, (c) => c.policy.hourlyQuota, 0],
    [{ KUBEFIX_ESCALATE_CRITICAL: "false" }, (c) => c.policy.escalateCritical, false],
    [{ KUBEFIX_CONFIRM_DIAGNOSIS: "true" }, (c) => c.confirmDiagnosis, true],
    [{ KUBEFIX_AUTO_EXECUTE_MAX_RISK: "low" }, (c) => c.policy.autoExecuteMaxRisk, "low"],
    [{ KUBEFIX_NAMESPACE: "ops" }, (c) => c.namespace, "ops"],
    [{}, (c) => c.evidenceFreshnessMinutes, 30],
    [{ KUBEFIX_EVIDENCE_FRESHNESS_MINUTES: "120" }, (c) => c.evidenceFreshnessMinutes, 120],
  ])("reads %o", (env, read, expected) => {
    expect(read(configFromEnv(env))).toEqual(expected);
  });

  it.each<[Record<string, string>, string]>([
    [{ KUBEFIX_HOURLY_QUOTA: "-1" }, "policy.hourlyQuota"],
    [{ KUBEFIX_MAX_REPLICA_CHANGE: "lots" }, "policy.maxReplicaChange"],
    [{ KUBEFIX_AUTO_EXECUTE_MAX_RISK: "extreme" }, "policy.autoExecuteMaxRisk"],
    [{ KUBEFIX_MIN_CONFIDENCE: "2" }, "minConfidence"],
    [{ KUBEFIX_EVIDENCE_FRESHNESS_MINUTES: "0" }, "evidenceFreshnessMinutes"],
  ])("rejects %o naming the setting", (env, field) => {
    expect(() => configFromEnv(env)).toThrow(field);
  });
});
