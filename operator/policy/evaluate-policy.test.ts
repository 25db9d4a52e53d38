import { describe, expect, it } from "vitest";
import { PolicyConfig } from "../../lib/settings/operator-config.js";
import { gitOpsManagementOf } from "../../lib/kube/gitops.js";
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

const cordon = (node: string): StepFacts => ({ plugin: "cordon_node", parameters: { node_name: node }, meta: remediation("medium") });
const withParams = (parameters: Record<string, unknown>, base: StepFacts = raiseMemory): StepFacts => ({ ...base, parameters });
const argo = gitOpsManagementOf({ annotations: { "argocd.argoproj.io/tracking-id": "shop:apps/Deployment:default/web" } })!;
const flux = gitOpsManagementOf({ managedFields: [{ manager: "kustomize-controller" }] })!;

describe("evaluatePolicy: every input it cannot read or tell makes it stricter", () => {
  it.each<[string, PolicyInput, string, RegExp]>([
    ["a Plugin resource that cannot be read", input({ steps: [{ ...raiseMemory, meta: { ...remediation()!, enabled: false, unreadable: "not found" } }] }), "deny", /Plugin resource of set_container_resources cannot be read \(not found\).*treated as disabled/],
    ["a scale step whose replica lookup failed", input({ steps: [{ ...scale(2, 3), currentReplicas: undefined, replicaLookupError: "HTTP 503" }] }), "require_approval", /current replicas .* unknown \(HTTP 503\); the ±50% limit cannot be checked/],
    ["a scale step whose replicas were never looked up", input({ steps: [{ ...scale(2, 3), currentReplicas: undefined }] }), "require_approval", /unknown \(not looked up\)/],
    ["a step without a namespace", input({ steps: [withParams({ deployment_name: "web", container: "app", memory_limit: "256Mi" })] }), "deny", /names no namespace/],
    ["a step without a namespace when '*' is allowed", input({ steps: [withParams({ deployment_name: "web", memory_limit: "256Mi" })] }, { allowedNamespaces: ["*"] }), "deny", /names no namespace/],
    ["a step whose namespace is not a string", input({ steps: [withParams({ namespace: ["default"], deployment_name: "web", memory_limit: "256Mi" })] }), "deny", /names no namespace/],
    ["a step whose namespace is empty", input({ steps: [withParams({ namespace: "", deployment_name: "web", memory_limit: "256Mi" })] }), "deny", /names no namespace/],
    ["a step without the name of what it writes", input({ steps: [withParams({ namespace: "default", container: "app", memory_limit: "256Mi" })] }), "deny", /does not name the object it writes/],
    ["a custom plugin without a namespace", input({ steps: [{ plugin: "my_tool", parameters: { target: "x" }, meta: remediation("low") }] }), "deny", /my_tool names no namespace/],
    ["a custom plugin in an allowed namespace", input({ steps: [{ plugin: "my_tool", parameters: { namespace: "default" }, meta: remediation("low") }] }), "auto_execute", /within policy/],
    ["the written object's manager could not be read", input({ steps: [{ ...raiseMemory, ownershipUnknown: "HTTP 403 forbidden" }] }), "require_approval", /whether Argo CD or Flux manages it \(HTTP 403 forbidden\)/],
  ])("%s -> %s", (_name, facts, verdict, reason) => {
    const decision = evaluatePolicy(facts);
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });
});

describe("evaluatePolicy: cluster-scoped writes", () => {
  const permissive = { autoExecuteMaxRisk: "critical" as const };
  it.each<[string, PolicyInput, string, RegExp]>([
    ["cordoning the incident's node, under a policy that would auto-run it", input({ steps: [cordon("node-a")], incidentNodes: ["node-a"] }, permissive), "require_approval", /writes the cluster-scoped Node node-a: cluster-scoped writes always need approval/],
    ["cordoning a node the incident is not about", input({ steps: [cordon("node-b")], incidentNodes: ["node-a"] }, permissive), "deny", /Node node-b is neither the incident's target nor a node its evidence names \(nodes of this incident: node-a\)/],
    ["cordoning when the incident names no node", input({ steps: [cordon("node-a")] }, permissive), "deny", /nodes of this incident: none/],
    ["cordoning without a node name", input({ steps: [{ ...cordon(""), parameters: {} }], incidentNodes: ["node-a"] }, permissive), "deny", /names no node/],
    ["uncordoning the incident's node", input({ steps: [{ ...cordon("node-a"), plugin: "uncordon_node" }], incidentNodes: ["node-a"] }, permissive), "require_approval", /always need approval/],
  ])("%s -> %s", (_name, facts, verdict, reason) => {
    const decision = evaluatePolicy(facts);
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });
});

describe("evaluatePolicy: GitOps-managed objects", () => {
  it.each<[string, PolicyInput, RegExp]>([
    ["an Argo CD Application's Deployment", input({ steps: [{ ...raiseMemory, gitOps: argo }] }), /Deployment default\/web is managed by Argo CD \(Application shop\)/],
    ["a Flux Kustomization's Deployment", input({ steps: [{ ...raiseMemory, gitOps: flux }] }), /managed by Flux \[field manager kustomize-controller/],
    ["the change to make in Git", input({ steps: [{ ...raiseMemory, gitOps: argo }] }), /change it in Git instead: set memory limit 256Mi on container app of Deployment web/],
    ["what an approval means", input({ steps: [{ ...raiseMemory, gitOps: argo }] }), /never written automatically; an approval runs it here once, and the next sync may revert it/],
    ["a scale of a GitOps Deployment", input({ steps: [{ ...scale(4, 5), gitOps: flux }] }), /change it in Git instead: set replicas of Deployment web to 5/],
  ])("%s -> require_approval", (_name, facts, reason) => {
    const decision = evaluatePolicy(facts);
    expect(decision.verdict).toBe("require_approval");
    expect(decision.reasons.join(" | ")).toMatch(reason);
  });
});

describe("evaluatePolicy: the Plugin resource's settings", () => {
  it("names the effective settings and their origin in the reasons", () => {
    const meta = { ...remediation()!, riskLevel: "high" as const, origin: "plugin set_container_resources: risk high (Plugin resource; built-in medium)" };
    const decision = evaluatePolicy(input({ steps: [{ ...raiseMemory, meta }, { ...raiseMemory, meta }] }));
    expect(decision.verdict).toBe("require_approval");
    expect(decision.reasons).toContain("plugin set_container_resources is high risk, above the auto-execution limit");
    expect(decision.reasons.filter((r) => r.startsWith("plugin set_container_resources: risk high (Plugin resource"))).toHaveLength(1);
  });

  it("keeps at most 20 reasons of at most 1024 characters, findings first", () => {
    const steps = Array.from({ length: 25 }, (_, i) => ({ ...raiseMemory, parameters: { ...raiseMemory.parameters, namespace: `ns-${i}-${"x".repeat(1100)}` } }));
    const decision = evaluatePolicy(input({ steps }, { maxStepsPerIncident: 30 }));
    expect(decision.verdict).toBe("deny");
    expect(decision.reasons).toHaveLength(20);
    expect(decision.reasons.every((r) => r.length <= 1024)).toBe(true);
    expect(decision.reasons.at(-1)).toMatch(/… and 6 more/);
  });
});

describe("evaluatePolicy", () => {
  it.each<[string, PolicyInput, string, RegExp]>([
    ["a medium-risk fix in an allowed namespace", input(), "auto_execute", /within policy/],
    ["a critical incident", input({ severity: "critical" }), "escalate", /critical/],
    ["a critical incident when escalation of critical is off", input({ severity: "critical" }, { escalateCritical: false }), "auto_execute", /within policy/],
    ["a namespace outside the allowed list", input({ steps: [{ ...raiseMemory, parameters: { ...raiseMemory.parameters, namespace: "kube-system" } }] }), "deny", /namespace kube-system is not in the allowed/],
    ["any namespace when '*' is allowed", input({ steps: [{ ...raiseMemory, parameters: { ...raiseMemory.parameters, namespace: "kube-system" } }] }, { allowedNamespaces: ["*"] }), "auto_execute", /within policy/],
    ["a forbidden verb deep inside an argument", input({ steps: [{ ...raiseMemory, parameters: { ...raiseMemory.parameters, cmd: { args: ["sh", "-c", "RM -RF /"] } } }] }), "deny", /forbidden verb "rm -rf"/],
    ["scaling 2 -> 6 (+200%)", input({ steps: [scale(2, 6)] }), "require_approval", /2 -> 6 \(200%\) exceeds ±50%/],
    ["scaling 4 -> 6 (+50%)", input({ steps: [scale(4, 6)] }), "auto_execute", /within policy/],
    ["scaling 0 -> 1", input({ steps: [scale(0, 1)] }), "require_approval", /0 -> 1 \(100%\)/],
    ["the hourly quota spent", input({ executionsLastHour: 10 }), "require_approval", /hourly quota spent: 10 of 10/],
    ["a target changed 60 s ago", input({ lastExecutionOnTarget: new Date(now.getTime() - 60_000) }), "require_approval", /cooldown is 600s/],
    ["a target changed an hour ago", input({ lastExecutionOnTarget: new Date(now.getTime() - 3_600_000) }), "auto_execute", /within policy/],
    ["a high-risk proposal", input({ proposalRisk: "high" }), "require_approval", /risk high is above/],
    ["a plugin that always requires approval", input({ steps: [{ ...raiseMemory, meta: remediation("low", true) }] }), "require_approval", /plugin set_container_resources requires approval/],
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
