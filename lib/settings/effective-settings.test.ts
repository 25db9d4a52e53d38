import { describe, expect, it } from "vitest";
import { baselineFromEnv, effectiveSettings, type Baseline } from "./effective-settings.js";
import { renderConfigDocument, SECRET_MASK } from "./render-config.js";

const none: Baseline = { values: {}, secrets: new Set() };
const RAW_SECRET = "sk-ant-very-secret-value";

describe("baselineFromEnv", () => {
  it.each<[string, NodeJS.ProcessEnv, string, unknown]>([
    ["a KUBEFIX_<KEY> variable", { KUBEFIX_LLM_MODEL: "claude-opus" }, "LLM_MODEL", "claude-opus"],
    ["a numeric variable", { KUBEFIX_LLM_TIMEOUT: "120" }, "LLM_TIMEOUT", 120],
    ["an operator variable, read as configFromEnv reads it", { KUBEFIX_ESCALATE_CRITICAL: "yes" }, "ESCALATE_CRITICAL", true],
    ["configFromEnv's name for the steps limit", { KUBEFIX_MAX_STEPS: "3" }, "MAX_STEPS_PER_INCIDENT", 3],
    ["a list", { KUBEFIX_ALLOWED_NAMESPACES: "a, b" }, "ALLOWED_NAMESPACES", ["a", "b"]],
    ["an unreadable value is left out", { KUBEFIX_LLM_TIMEOUT: "forever" }, "LLM_TIMEOUT", undefined],
    ["an empty value is left out", { KUBEFIX_LLM_MODEL: "" }, "LLM_MODEL", undefined],
  ])("reads %s", (_name, env, key, expected) => {
    expect(baselineFromEnv(env).values[key]).toEqual(expected);
  });

  it("notes a secret as set without keeping its value", () => {
    const baseline = baselineFromEnv({ KUBEFIX_LLM_API_KEY: RAW_SECRET });
    expect([...baseline.secrets]).toEqual(["LLM_API_KEY"]);
    expect(JSON.stringify(baseline.values)).not.toContain(RAW_SECRET);
  });
});

describe("effectiveSettings: defaults < environment < cluster", () => {
  it.each<[string, Baseline, Record<string, string>, string, unknown, string]>([
    ["the default", none, {}, "LLM_TIMEOUT", 300, "default"],
    ["the environment over the default", baselineFromEnv({ KUBEFIX_LLM_TIMEOUT: "120" }), {}, "LLM_TIMEOUT", 120, "environment"],
    ["the ConfigMap over the environment", baselineFromEnv({ KUBEFIX_LLM_TIMEOUT: "120" }), { LLM_TIMEOUT: "600" }, "LLM_TIMEOUT", 600, "cluster"],
    ["a stored list", none, { ALLOWED_NAMESPACES: "default,production" }, "ALLOWED_NAMESPACES", ["default", "production"], "cluster"],
    ["a stored boolean", none, { ENABLE_AWS: "true" }, "ENABLE_AWS", true, "cluster"],
    ["an unreadable stored value falls back", none, { LLM_TIMEOUT: "0" }, "LLM_TIMEOUT", 300, "default"],
    ["no default and nothing set", none, {}, "FEISHU_APP_ID", null, "default"],
  ])("%s", (_name, baseline, configData, key, value, source) => {
    const settings = effectiveSettings({ baseline, configData, secretKeys: [] });
    expect(settings.values[key]).toEqual(value);
    expect(settings.sources[key]).toBe(source);
  });

  it.each<[string, Record<string, string>, string[], string, string]>([
    ["an unknown ConfigMap key", { LLM_MODLE: "x" }, [], "LLM_MODLE", "unknown setting: LLM_MODLE"],
    ["a bad stored value", { LLM_TIMEOUT: "0" }, [], "LLM_TIMEOUT", "must be an integer from 1 to 3600; the value is ignored"],
    ["a secret put in the ConfigMap", { LLM_API_KEY: RAW_SECRET }, [], "LLM_API_KEY", "LLM_API_KEY is a secret and belongs in Secret kubefix-secrets; the ConfigMap value is ignored"],
    ["a plain setting put in the Secret", {}, ["LLM_MODEL"], "LLM_MODEL", "LLM_MODEL is not a secret and belongs in ConfigMap kubefix-config; the Secret value is ignored"],
    ["an unknown Secret key", {}, ["TOKEN"], "TOKEN", "unknown setting: TOKEN"],
  ])("reports %s", (_name, configData, secretKeys, key, message) => {
    const settings = effectiveSettings({ baseline: none, configData, secretKeys, locale: "en" });
    expect(settings.problems).toEqual([{ key, message }]);
  });

  it("never takes a secret from the ConfigMap", () => {
    const settings = effectiveSettings({ baseline: none, configData: { LLM_API_KEY: RAW_SECRET }, secretKeys: [] });
    expect(settings.secrets.LLM_API_KEY).toBe(false);
    expect(JSON.stringify(settings)).not.toContain(RAW_SECRET);
  });

  it.each<[string, Baseline, string[], boolean, string]>([
    ["unset", none, [], false, "default"],
    ["set in the environment", baselineFromEnv({ KUBEFIX_LLM_API_KEY: RAW_SECRET }), [], true, "environment"],
    ["set in the Secret", none, ["LLM_API_KEY"], true, "cluster"],
  ])("a secret %s", (_name, baseline, secretKeys, set, source) => {
    const settings = effectiveSettings({ baseline, configData: {}, secretKeys });
    expect(settings.secrets.LLM_API_KEY).toBe(set);
    expect(settings.sources.LLM_API_KEY).toBe(source);
  });
});

describe("renderConfigDocument", () => {
  const settings = effectiveSettings({
    baseline: baselineFromEnv({ KUBEFIX_FEISHU_APP_SECRET: RAW_SECRET }),
    configData: { LLM_MODEL: "claude-3-5-sonnet-20241022", FEISHU_ALERT_BOT_IDS: "cli_a,cli_b", LLM_API_KEY: RAW_SECRET },
    secretKeys: ["LLM_API_KEY"],
  });
  const doc = renderConfigDocument(settings);

  it("has the documented sections and fields", () => {
    expect(Object.keys(doc)).toEqual(["llm", "feishu", "security", "monitoring", "operator", "general"]);
    expect(doc.llm).toMatchObject({ provider: "anthropic", model: "claude-3-5-sonnet-20241022", base_url: "https://api.anthropic.com", timeout: 300 });
    expect(doc.feishu).toMatchObject({ app_id: null, alert_bot_ids: ["cli_a", "cli_b"] });
    expect(doc.security).toMatchObject({ allowed_namespaces: ["default"], max_replica_change: 0.5, hourly_quota: 10 });
    expect(doc.security?.forbidden_verbs).toContain("rm -rf");
    expect(doc.monitoring).toEqual({ enable_postgresql: false, enable_redis: false, enable_aws: false });
    expect(doc.operator).toMatchObject({ min_confidence: 0.6, confirm_diagnosis: false, verify_window_seconds: 180 });
    expect(doc.general).toEqual({ locale: "zh" });
  });

  it.each<[string, string, unknown]>([
    ["llm", "api_key", SECRET_MASK],
    ["feishu", "app_secret", SECRET_MASK],
    ["feishu", "verification_token", null],
    ["feishu", "encrypt_key", null],
  ])("masks %s.%s as %j", (section, field, shown) => {
    expect(doc[section]?.[field]).toBe(shown);
  });

  it("never contains a raw secret", () => {
    expect(JSON.stringify(doc)).not.toContain(RAW_SECRET);
  });
});
