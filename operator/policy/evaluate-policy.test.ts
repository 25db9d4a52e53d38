import { describe, expect, it } from "vitest";
import { PolicyConfig } from "../../lib/settings/operator-config.js";
import { evaluatePolicy, type PolicyInput, type StepFacts } from "./evaluate-policy.js";

const now = new Date("2026-01-15T10:30:00Z");
const remediation = (riskLevel: "low" | "medium" | "high" = "medium", requiresApproval = false): StepFacts["meta"] => ({
  category: "remediation",
  riskLevel,
  requiresApproval,
  enabled: true,
});
const raiseMemory: StepFacts = {
  plugin: "set_container_resources",
  parameters: { namespace: "default", deployment_name: "web", container: "app", memory_limit: "256Mi" },
  meta: remediation(),
};

function input(overrides: Partial<PolicyInput> = {}, config: Partial<PolicyConfig> = {}): PolicyInput {
  return {
    config: PolicyConfig.parse(config),
    severity: "high",
    proposalRisk: "medium",
    steps: [raiseMemory],
    executionsLastHour: 0,
    stepsAlreadyExecuted: 0,
    now,
    ...overrides,
  };
}

const scale = (current: number, wanted: number): StepFacts => ({
  plugin: "scale_deployment",
  parameters: { namespace: "default", deployment_name: "web", replicas: wanted },
  meta: remediation(),
  currentReplicas: current,
});

describe("evaluatePolicy", () => {
  it.each<[string, PolicyInput, string, RegExp]>([
    ["a medium-risk fix in an allowed namespace", input(), "auto_execute", /within policy/],
    ["a critical incident", input({ severity: "critical" }), "escalate", /critical/],
    ["a critical incident when escalation of critical is off", input({ severity: "critical" }, { escalateCritical: false }), "auto_execute", /within policy/],
    ["a namespace outside the allowed list", input({ steps: [{ ...raiseMemory, parameters: { ...raiseMemory.parameters, namespace: "kube-system" } }] }), "deny", /namespace kube-system is not in the allowed/],
    ["any namespace when '*' is allowed", input({ steps: [{ ...raiseMemory, parameters: { namespace: "kube-system" } }] }, { allowedNamespaces: ["*"] }), "auto_execute", /within policy/],
    ["a forbidden verb deep inside an argument", input({ steps: [{ ...raiseMemory, parameters: { namespace: "default", cmd: { args: ["sh", "-c", "RM -RF /"] } } }] }), "deny", /forbidden verb "rm -rf"/],
    ["scaling 2 -> 6 (+200%)", input({ steps: [scale(2, 6)] }), "require_approval", /2 -> 6 \(200%\) exceeds ±50%/],
    ["scaling 4 -> 6 (+50%)", input({ steps: [scale(4, 6)] }), "auto_execute", /within policy/],
    ["scaling 0 -> 1", input({ steps: [scale(0, 1)] }), "require_approval", /0 -> 1 \(100%\)/],
    ["the hourly quota spent", input({ executionsLastHour: 10 }), "require_approval", /hourly quota spent: 10 of 10/],
    ["a target changed 60 s ago", input({ lastExecutionOnTarget: new Date(now.getTime() - 60_000) }), "require_approval", /cooldown is 600s/],
    ["a target changed an hour ago", input({ lastExecutionOnTarget: new Date(now.getTime() - 3_600_000) }), "auto_execute", /within policy/],
    ["a high-risk proposal", input({ proposalRisk: "high" }), "require_approval", /risk high is above/],
    ["a plugin that always requires approval", input({ steps: [{ ...raiseMemory, meta: remediation("low", true) }] }), "require_approval", /always requires approval/],
    ["too many steps", input({ stepsAlreadyExecuted: 5 }), "deny", /6 steps exceed the limit of 5/],
    ["an unknown plugin", input({ steps: [{ plugin: "run_shell", parameters: {} }] }), "deny", /unknown plugin run_shell/],
    ["a diagnostic plugin as a step", input({ steps: [{ ...raiseMemory, meta: { ...remediation()!, category: "diagnostic" } }] }), "deny", /not a remediation plugin/],
    ["a disabled plugin", input({ steps: [{ ...raiseMemory, meta: { ...remediation()!, enabled: false } }] }), "deny", /disabled/],
  ])("%s -> %s", (_name, facts, verdict, reason) => {
    const decision = evaluatePolicy(facts);
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });

  it("deny outranks require_approval and lists every reason", () => {
    const decision = evaluatePolicy(input({ executionsLastHour: 99, steps: [{ ...scale(1, 9), parameters: { namespace: "prod", replicas: 9 } }] }));
    expect(decision.verdict).toBe("deny");
    expect(decision.reasons).toHaveLength(3);
  });

  it("escalate outranks deny", () => {
    const decision = evaluatePolicy(input({ severity: "critical", steps: [{ plugin: "x", parameters: {} }] }));
    expect(decision.verdict).toBe("escalate");
  });
});
