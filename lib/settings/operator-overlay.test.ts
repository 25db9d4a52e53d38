import { describe, expect, it } from "vitest";
import { OperatorConfig } from "./operator-config.js";
import { overlayOperatorConfig } from "./operator-overlay.js";

const base = OperatorConfig.parse({ namespace: "kf", policy: { allowedNamespaces: ["default"] } });

describe("overlayOperatorConfig", () => {
  it.each<[string, Record<string, string>, (c: OperatorConfig) => unknown, unknown]>([
    ["allowed namespaces", { ALLOWED_NAMESPACES: "default,shop" }, (c) => c.policy.allowedNamespaces, ["default", "shop"]],
    ["the hourly quota", { HOURLY_QUOTA: "3" }, (c) => c.policy.hourlyQuota, 3],
    ["the auto-execution risk", { AUTO_EXECUTE_MAX_RISK: "low" }, (c) => c.policy.autoExecuteMaxRisk, "low"],
    ["escalation of critical incidents", { ESCALATE_CRITICAL: "false" }, (c) => c.policy.escalateCritical, false],
    ["the minimum confidence", { MIN_CONFIDENCE: "0.9" }, (c) => c.minConfidence, 0.9],
    ["diagnosis confirmation", { CONFIRM_DIAGNOSIS: "true" }, (c) => c.confirmDiagnosis, true],
    ["the verification window", { VERIFY_WINDOW_SECONDS: "60" }, (c) => c.verifyWindowSeconds, 60],
    ["the dedupe window", { DEDUPE_WINDOW_MINUTES: "5" }, (c) => c.dedupeWindowMinutes, 5],
    ["the evidence freshness window", { EVIDENCE_FRESHNESS_MINUTES: "90" }, (c) => c.evidenceFreshnessMinutes, 90],
  ])("applies %s", (_name, data, read, expected) => {
    const overlay = overlayOperatorConfig(base, data);
    expect(read(overlay.config)).toEqual(expected);
    expect(overlay.applied).toEqual(Object.keys(data));
    expect(overlay.problems).toEqual([]);
  });

  it("keeps the base for everything the ConfigMap does not set", () => {
    const { config } = overlayOperatorConfig(base, { HOURLY_QUOTA: "3" });
    expect(config).toEqual({ ...base, policy: { ...base.policy, hourlyQuota: 3 } });
    expect(base.policy.hourlyQuota).toBe(10);
  });

  it.each<[string, Record<string, string> | undefined]>([
    ["no ConfigMap", undefined],
    ["settings the operator does not use", { LLM_MODEL: "x", ENABLE_AWS: "true" }],
  ])("returns the base for %s", (_name, data) => {
    expect(overlayOperatorConfig(base, data)).toEqual({ config: base, applied: [], problems: [] });
  });

  it.each<[string, Record<string, string>, string]>([
    ["a confidence above 1", { MIN_CONFIDENCE: "2" }, "MIN_CONFIDENCE"],
    ["a negative quota", { HOURLY_QUOTA: "-1" }, "HOURLY_QUOTA"],
    ["an unknown risk", { AUTO_EXECUTE_MAX_RISK: "extreme" }, "AUTO_EXECUTE_MAX_RISK"],
    ["a word for a boolean", { ESCALATE_CRITICAL: "maybe" }, "ESCALATE_CRITICAL"],
    ["a misspelt key", { HOURLY_QUOTE: "3" }, "HOURLY_QUOTE"],
  ])("ignores %s, names it, and keeps the rest", (_name, data, key) => {
    const overlay = overlayOperatorConfig(base, { ...data, COOLDOWN_SECONDS: "30" });
    expect(overlay.problems.map((p) => p.key)).toEqual([key]);
    expect(overlay.config).toEqual({ ...base, policy: { ...base.policy, cooldownSeconds: 30 } });
    expect(OperatorConfig.safeParse(overlay.config).success).toBe(true);
  });
});
