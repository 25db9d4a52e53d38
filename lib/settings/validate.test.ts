import { describe, expect, it } from "vitest";
import { validateSettingsUpdate } from "./validate.js";

describe("validateSettingsUpdate", () => {
  it.each<[string, unknown, Record<string, string | null>]>([
    ["the documented example", { LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: 600 }, { LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: "600" }],
    ["a numeric string", { LLM_TIMEOUT: "600" }, { LLM_TIMEOUT: "600" }],
    ["a list as an array", { ALLOWED_NAMESPACES: ["default", "production"] }, { ALLOWED_NAMESPACES: "default,production" }],
    ["a list as text", { FORBIDDEN_VERBS: "rm -rf, drop table" }, { FORBIDDEN_VERBS: "rm -rf,drop table" }],
    ["a boolean", { ENABLE_AWS: true, CONFIRM_DIAGNOSIS: "false" }, { ENABLE_AWS: "true", CONFIRM_DIAGNOSIS: "false" }],
    ["null removes an override", { LLM_MODEL: null, LLM_API_KEY: null }, { LLM_MODEL: null, LLM_API_KEY: null }],
    ["a secret", { LLM_API_KEY: "sk-ant-xyz" }, { LLM_API_KEY: "sk-ant-xyz" }],
    ["an enum", { AUTO_EXECUTE_MAX_RISK: "low", LOCALE: "en" }, { AUTO_EXECUTE_MAX_RISK: "low", LOCALE: "en" }],
  ])("accepts %s", (_name, body, values) => {
    expect(validateSettingsUpdate(body)).toEqual({ ok: true, values });
  });

  it.each<[string, unknown, { field: string; message: string }[]]>([
    ["a timeout out of range", { LLM_TIMEOUT: 0 }, [{ field: "LLM_TIMEOUT", message: "必须是 1 到 3600 之间的整数" }]],
    ["an unknown key", { LLM_MODLE: "x" }, [{ field: "LLM_MODLE", message: "未知的配置项: LLM_MODLE" }]],
    ["an empty object", {}, [{ field: "body", message: "至少需要一个配置项" }]],
    ["an array", [], [{ field: "body", message: "请求体必须是 JSON 对象" }]],
    ["a string", "LLM_TIMEOUT=600", [{ field: "body", message: "请求体必须是 JSON 对象" }]],
    ["null", null, [{ field: "body", message: "请求体必须是 JSON 对象" }]],
    ["a bad boolean", { ENABLE_REDIS: "yes" }, [{ field: "ENABLE_REDIS", message: "必须是 true 或 false" }]],
    ["a confidence above 1", { MIN_CONFIDENCE: 2 }, [{ field: "MIN_CONFIDENCE", message: "必须是 0 到 1 之间的数字" }]],
    ["the mask sent back", { FEISHU_APP_SECRET: "******" }, [{ field: "FEISHU_APP_SECRET", message: "必须是非空字符串（不能是掩码 ******）" }]],
    [
      "every problem at once",
      { LLM_TIMEOUT: "soon", NOPE: 1, LLM_MODEL: "ok" },
      [
        { field: "LLM_TIMEOUT", message: "必须是 1 到 3600 之间的整数" },
        { field: "NOPE", message: "未知的配置项: NOPE" },
      ],
    ],
  ])("refuses %s", (_name, body, issues) => {
    expect(validateSettingsUpdate(body)).toEqual({ ok: false, issues });
  });

  it.each<[unknown, { field: string; message: string }]>([
    [{ LLM_TIMEOUT: 7200 }, { field: "LLM_TIMEOUT", message: "must be an integer from 1 to 3600" }],
    [{ FOO: 1 }, { field: "FOO", message: "unknown setting: FOO" }],
    [{}, { field: "body", message: "at least one setting is required" }],
    [{ LOCALE: "fr" }, { field: "LOCALE", message: "must be one of: zh, en" }],
  ])("speaks English when asked: %j", (body, issue) => {
    expect(validateSettingsUpdate(body, "en")).toEqual({ ok: false, issues: [issue] });
  });
});
