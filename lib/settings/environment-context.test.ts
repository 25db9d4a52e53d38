import { describe, expect, it } from "vitest";
import { MAX_CONTEXT_BYTES, parseContextYaml, renderContextYaml, validateEnvironmentContext } from "./environment-context.js";

const documented = {
  services: [{ name: "user-service", namespace: "production", dependencies: ["postgres", "redis"] }],
  infrastructure: { cluster: "prod-cluster", nodes: 10, databases: ["postgres", "mysql"] },
  alert_definitions: { critical: "影响用户访问的严重问题", warning: "需要关注但不影响用户" },
};

describe("validateEnvironmentContext", () => {
  it.each<[string, unknown, unknown]>([
    ["the documented example", documented, documented],
    ["an empty object", {}, { services: [], infrastructure: {}, alert_definitions: {} }],
    ["a service without namespace or dependencies", { services: [{ name: "api" }] }, { services: [{ name: "api", dependencies: [] }], infrastructure: {}, alert_definitions: {} }],
    ["extra infrastructure facts", { infrastructure: { region: "cn-north-1", spot: true } }, { services: [], infrastructure: { region: "cn-north-1", spot: true }, alert_definitions: {} }],
    [
      "the same name in two namespaces",
      { services: [{ name: "api", namespace: "a" }, { name: "api", namespace: "b" }] },
      { services: [{ name: "api", namespace: "a", dependencies: [] }, { name: "api", namespace: "b", dependencies: [] }], infrastructure: {}, alert_definitions: {} },
    ],
  ])("accepts %s", (_name, input, context) => {
    expect(validateEnvironmentContext(input)).toEqual({ ok: true, context });
  });

  it.each<[string, unknown, string, string]>([
    ["a service without a name", { services: [{ namespace: "x" }] }, "services.0.name", "必填"],
    ["an empty service name", { services: [{ name: " " }] }, "services.0.name", "不能为空"],
    ["a misspelt service field", { services: [{ name: "a", dependecies: [] }] }, "services.0.dependecies", "未知字段"],
    ["a dependency that is not a string", { services: [{ name: "a", dependencies: [1] }] }, "services.0.dependencies.0", "必须是字符串"],
    ["negative nodes", { infrastructure: { nodes: -1 } }, "infrastructure.nodes", "不能小于 0"],
    ["fractional nodes", { infrastructure: { nodes: 2.5 } }, "infrastructure.nodes", "必须是整数"],
    ["a nested infrastructure fact", { infrastructure: { cloud: { name: "aws" } } }, "infrastructure.cloud", "必须是字符串、数字、布尔值或字符串数组"],
    ["a non-string alert definition", { alert_definitions: { critical: 1 } }, "alert_definitions.critical", "必须是字符串"],
    ["an unknown top-level field", { teams: [] }, "teams", "未知字段"],
    ["services that is not a list", { services: "api" }, "services", "必须是数组"],
    ["the same service twice", { services: [{ name: "api" }, { name: "api" }] }, "services.1.name", "服务 api 重复"],
  ])("refuses %s", (_name, input, field, message) => {
    expect(validateEnvironmentContext(input)).toEqual({ ok: false, issues: [{ field, message }] });
  });

  it.each<[unknown, string]>([
    [{ services: [{}] }, "is required"],
    [{ services: [{ name: "a", x: 1 }] }, "unknown field"],
    [{ infrastructure: { nodes: -1 } }, "must be at least 0"],
  ])("speaks English when asked: %j", (input, message) => {
    const result = validateEnvironmentContext(input, "en");
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([message]);
  });

  it("refuses a body that is not an object", () => {
    expect(validateEnvironmentContext([], "en")).toEqual({ ok: false, issues: [{ field: "body", message: "must be an object" }] });
  });
});

describe("the stored YAML", () => {
  it("round-trips the documented example", () => {
    const yaml = renderContextYaml(documented);
    expect(yaml).toContain("user-service");
    expect(yaml.startsWith("#")).toBe(true);
    expect(parseContextYaml(yaml)).toEqual({ ok: true, context: documented });
  });

  it.each<[string, string, string]>([
    ["broken YAML", "services: [unclosed\n  a: b", "invalid_yaml"],
    ["a valid YAML of the wrong shape", "services:\n  - namespace: x\n", "invalid_context"],
    ["a YAML scalar", "just text", "invalid_context"],
    ["too much", `# ${"x".repeat(MAX_CONTEXT_BYTES)}`, "too_large"],
  ])("reports %s as a problem, not an exception", (_name, text, reason) => {
    const result = parseContextYaml(text, "en");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.reason).toBe(reason);
  });

  it("names the field of a hand-edited map that broke the shape", () => {
    const result = parseContextYaml("services:\n  - namespace: x\n");
    expect(result.ok ? undefined : result.problem).toEqual({ reason: "invalid_context", message: "环境上下文格式不正确", issues: [{ field: "services.0.name", message: "必填" }] });
  });

  it("says where the YAML broke", () => {
    const result = parseContextYaml("services: [unclosed\n  a: b", "en");
    expect(result.ok ? "" : result.problem.message).toMatch(/^ConfigMap kubefix-environment-context \(context.yaml\) is not valid YAML: .*line 1/);
  });

  it.each(["", "# nothing yet\n"])("reads %j as the empty context", (text) => {
    expect(parseContextYaml(text)).toEqual({ ok: true, context: { services: [], infrastructure: {}, alert_definitions: {} } });
  });
});
