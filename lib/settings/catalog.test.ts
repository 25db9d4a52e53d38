import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OperatorConfig } from "./operator-config.js";
import { isSecretSetting, SECTIONS, SETTING_KEYS, SETTINGS, settingByKey } from "./catalog.js";
import { fieldSchema, readField } from "./operator-fields.js";

const defaults = OperatorConfig.parse({});

describe("the settings catalog", () => {
  it("has every key once", () => {
    expect(new Set(SETTING_KEYS).size).toBe(SETTING_KEYS.length);
    expect(SETTING_KEYS).toHaveLength(29);
  });

  it.each<[string, string, string, boolean]>([
    ["LLM_PROVIDER", "llm", "provider", false],
    ["LLM_MODEL", "llm", "model", false],
    ["LLM_BASE_URL", "llm", "base_url", false],
    ["LLM_TIMEOUT", "llm", "timeout", false],
    ["LLM_API_KEY", "llm", "api_key", true],
    ["FEISHU_APP_ID", "feishu", "app_id", false],
    ["FEISHU_APP_SECRET", "feishu", "app_secret", true],
    ["FEISHU_VERIFICATION_TOKEN", "feishu", "verification_token", true],
    ["FEISHU_ENCRYPT_KEY", "feishu", "encrypt_key", true],
    ["FEISHU_ALERT_BOT_IDS", "feishu", "alert_bot_ids", false],
    ["ALLOWED_NAMESPACES", "security", "allowed_namespaces", false],
    ["MAX_REPLICA_CHANGE", "security", "max_replica_change", false],
    ["FORBIDDEN_VERBS", "security", "forbidden_verbs", false],
    ["HOURLY_QUOTA", "security", "hourly_quota", false],
    ["ENABLE_POSTGRESQL", "monitoring", "enable_postgresql", false],
    ["ENABLE_REDIS", "monitoring", "enable_redis", false],
    ["ENABLE_AWS", "monitoring", "enable_aws", false],
    ["MIN_CONFIDENCE", "operator", "min_confidence", false],
    ["LOCALE", "general", "locale", false],
  ])("%s is %s.%s (secret: %s)", (key, section, field, secret) => {
    expect(settingByKey(key)).toMatchObject({ section, field, secret });
    expect(isSecretSetting(key)).toBe(secret);
  });

  it("places every setting in a known section, with a unique field there", () => {
    const places = SETTINGS.map((s) => `${s.section}.${s.field}`);
    expect(new Set(places).size).toBe(places.length);
    expect(SETTINGS.every((s) => SECTIONS.includes(s.section))).toBe(true);
  });

  it.each([
    ["LLM_PROVIDER", "anthropic"],
    ["LLM_MODEL", "claude-sonnet-4-5"],
    ["LLM_BASE_URL", "https://api.anthropic.com"],
    ["LLM_TIMEOUT", 300],
    ["LLM_API_KEY", null],
    ["LOCALE", "zh"],
  ])("%s defaults to %j", (key, value) => {
    expect(settingByKey(key)?.default).toEqual(value);
  });

  const operatorSettings = SETTINGS.filter((s) => s.overrides).map((s) => [s.key, s] as const);

  it.each(operatorSettings)("%s defaults to OperatorConfig's default", (_key, def) => {
    expect(def.default).toEqual(readField(defaults, def.overrides!));
  });

  it.each(operatorSettings)("%s: its stored default reads back and satisfies OperatorConfig", (_key, def) => {
    const value = def.kind.schema.parse(def.kind.encode(def.default!));
    expect(value).toEqual(def.default);
    expect(fieldSchema(def.overrides!).safeParse(value).success).toBe(true);
  });

  it.each<[string, unknown, boolean]>([
    ["MIN_CONFIDENCE", 1, true],
    ["MIN_CONFIDENCE", 1.01, false],
    ["MAX_REPLICA_CHANGE", 10, true],
    ["MAX_REPLICA_CHANGE", 10.5, false],
    ["VERIFY_WINDOW_SECONDS", 4, false],
    ["MAX_STEPS_PER_INCIDENT", 0, false],
    ["HOURLY_QUOTA", 0, true],
    ["AUTO_EXECUTE_MAX_RISK", "critical", true],
    ["AUTO_EXECUTE_MAX_RISK", "extreme", false],
  ])("%s takes its bounds from OperatorConfig: %j accepted = %s", (key, value, accepted) => {
    expect(settingByKey(key)!.kind.schema.safeParse(value).success).toBe(accepted);
  });

  it.each([
    ["ALLOWED_NAMESPACES", "KUBEFIX_ALLOWED_NAMESPACES"],
    ["MAX_STEPS_PER_INCIDENT", "KUBEFIX_MAX_STEPS"],
    ["MIN_CONFIDENCE", "KUBEFIX_MIN_CONFIDENCE"],
    ["LLM_MODEL", "KUBEFIX_LLM_MODEL"],
    ["LLM_API_KEY", "KUBEFIX_LLM_API_KEY"],
  ])("%s is set in the environment by %s", (key, variable) => {
    expect(settingByKey(key)?.env).toBe(variable);
  });
});

describe("lib/settings/README.md", () => {
  const readme = readFileSync(fileURLToPath(new URL("./README.md", import.meta.url)), "utf8");
  it.each(SETTINGS.map((s) => [s.key, s] as const))("lists %s with its place, variable and default", (_key, def) => {
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${def.key}\` |`));
    expect(row).toContain(`\`${def.section}.${def.field}\``);
    expect(row).toContain(`\`${def.env}\``);
    if (typeof def.default === "number" || typeof def.default === "boolean") expect(row).toContain(`\`${String(def.default)}\``);
  });
});
