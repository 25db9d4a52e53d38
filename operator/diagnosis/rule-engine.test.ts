import { describe, expect, it } from "vitest";
import { Diagnosis, Proposal, type RiskLevel } from "../../crds/index.js";
import type { Evidence } from "./evidence.js";
import { FAILURE_MODE_CATALOGUE, FAILURE_MODES, type FailureMode } from "./failure-modes.js";
import { compareMatches, diagnoseWithRules } from "./rule-engine.js";
import type { RuleMatch } from "./rules/types.js";
import { NS } from "./test-fixtures.js";
import { eventFixture } from "./test-objects.js";
import { SCENARIOS, crashLoopScenario, healthyScenario, oomScenario } from "./test-scenarios.js";

const NOW = new Date("2026-01-15T10:05:00Z");
const DEPLOYMENT = { namespace: NS, deployment_name: "user-service" };

interface Expected {
  band: [number, number];
  tool?: string;
  parameters?: Record<string, unknown>;
  risk?: RiskLevel;
}

const EXPECTED: Record<FailureMode, Expected> = {
  oom_killed: { band: [0.9, 1], tool: "set_container_resources", parameters: { ...DEPLOYMENT, container: "app", memory_limit: "256Mi" }, risk: "medium" },
  crash_loop: { band: [0.85, 0.95], tool: "rollback_deployment", parameters: { ...DEPLOYMENT, to_revision: 1 }, risk: "medium" },
  image_pull_error: { band: [0.9, 1], tool: "rollback_deployment", parameters: { ...DEPLOYMENT, to_revision: 1 }, risk: "medium" },
  unschedulable_resources: { band: [0.8, 0.95] },
  unschedulable_taints: { band: [0.8, 0.95] },
  unschedulable_selector: { band: [0.8, 0.95] },
  pvc_pending: { band: [0.8, 0.95] },
  // Unready without an image change: the rule suspects a dependency, and a restart of every replica is not its fix.
  readiness_failing: { band: [0.5, 0.7] },
  liveness_failing: { band: [0.55, 0.75], tool: "rollout_restart_deployment", parameters: DEPLOYMENT, risk: "low" },
  evicted_node_pressure: { band: [0.85, 0.95], tool: "delete_evicted_pods", parameters: { namespace: NS }, risk: "low" },
  node_not_ready: { band: [0.85, 0.95], tool: "cordon_node", parameters: { node_name: "kwok-node-3" }, risk: "medium" },
  rollout_stuck: { band: [0.8, 0.9], tool: "rollback_deployment", parameters: { ...DEPLOYMENT, to_revision: 1 }, risk: "medium" },
  missing_config: { band: [0.9, 1] },
  quota_exceeded: { band: [0.85, 0.95] },
  service_no_endpoints: { band: [0.8, 0.9] },
};

describe("diagnoseWithRules detects every failure mode", () => {
  it.each(FAILURE_MODES.map((mode) => [mode, EXPECTED[mode]] as const))("%s", (mode, expected) => {
    const result = diagnoseWithRules(SCENARIOS[mode](), { now: NOW });
    expect(result.mode).toBe(mode);
    expect(result.diagnosis.confidence).toBeGreaterThanOrEqual(expected.band[0]);
    expect(result.diagnosis.confidence).toBeLessThanOrEqual(expected.band[1]);
    expect(result.proposal?.steps.map((s) => s.plugin)).toEqual(expected.tool === undefined ? undefined : [expected.tool]);
    expect(result.proposal?.steps[0]?.parameters).toEqual(expected.parameters);
    expect(result.proposal?.riskLevel).toBe(expected.risk);
  });

  it.each(FAILURE_MODES)("%s: the diagnosis and proposal fit the Incident schema", (mode) => {
    const result = diagnoseWithRules(SCENARIOS[mode](), { now: NOW });
    expect(Diagnosis.safeParse(result.diagnosis).success).toBe(true);
    expect(result.diagnosis).toMatchObject({ engine: "rules", diagnosedAt: NOW.toISOString() });
    expect(result.diagnosis.keyFindings.length).toBeGreaterThan(0);
    if (result.proposal === undefined) return;
    expect(Proposal.safeParse({ ...result.proposal, revision: 1, proposedAt: NOW.toISOString() }).success).toBe(true);
    expect(FAILURE_MODE_CATALOGUE[mode].proposalTools).toContain(result.proposal.steps[0]?.plugin);
  });
});

describe("diagnoseWithRules without a match", () => {
  const troubled = (): Evidence => ({
    ...healthyScenario(),
    events: [eventFixture({ reason: "FailedSync", message: "error determining status", name: "user-service-7d9f8b6c5-b7c4d" })],
  });
  const failedTools = (): Evidence => ({
    ...healthyScenario(),
    toolFailures: [{ tool: "describe_node", args: { node_name: "kwok-node-1" }, error: "nodes \"kwok-node-1\" is forbidden" }],
  });

  it.each<[string, () => Evidence, number]>([
    ["healthy evidence", healthyScenario, 0.1],
    ["an unexplained warning", troubled, 0.3],
    ["failed tools and nothing else", failedTools, 0.1],
  ])("%s -> unknown at %s", (_name, build, confidence) => {
    const result = diagnoseWithRules(build(), { now: NOW });
    expect(result.mode).toBe("unknown");
    expect(result.diagnosis.confidence).toBe(confidence);
    expect(result.diagnosis.confidence).toBeLessThanOrEqual(0.3);
    expect(result.diagnosis.conclusion).toBe("未能确定根因");
    expect(result.proposal).toBeUndefined();
  });

  it("names the failed tools among the findings", () => {
    const findings = diagnoseWithRules(failedTools(), { now: NOW }).diagnosis.keyFindings;
    expect(findings.at(-1)?.evidence?.[0]).toContain("describe_node");
  });
});

describe("diagnoseWithRules with conflicting evidence", () => {
  const oomAndStuck = (): Evidence => {
    const e = oomScenario();
    const stuck = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "timed out" };
    const deployment = { ...e.deployment, status: { ...e.deployment?.status, conditions: [stuck] } };
    return { ...e, deployment, deployments: [deployment] };
  };
  const crashAndLiveness = (): Evidence => {
    const e = crashLoopScenario(137);
    const pod = e.pods[0]?.metadata?.name ?? "";
    return { ...e, events: [...e.events, eventFixture({ reason: "Unhealthy", message: "Liveness probe failed: context deadline exceeded", name: pod })] };
  };
  const crashAndStuck = (): Evidence => {
    const e = crashLoopScenario(1);
    const stuck = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "timed out" };
    const deployment = { ...e.deployment, status: { ...e.deployment?.status, conditions: [stuck] } };
    return { ...e, deployment, deployments: [deployment] };
  };

  it.each<[string, () => Evidence, FailureMode, FailureMode]>([
    ["OOMKilled (0.95) beats a stuck rollout (0.85)", oomAndStuck, "oom_killed", "rollout_stuck"],
    ["liveness kills explain an exit-137 crash loop", crashAndLiveness, "liveness_failing", "crash_loop"],
    ["a tie goes to the more specific crash loop", crashAndStuck, "crash_loop", "rollout_stuck"],
  ])("%s", (_name, build, winner, supporting) => {
    const result = diagnoseWithRules(build(), { now: NOW });
    expect(result.mode).toBe(winner);
    expect(result.diagnosis.keyFindings.map((f) => f.source)).toContain(`rules/${supporting}`);
  });
});

describe("compareMatches", () => {
  const match = (mode: FailureMode, confidence: number): RuleMatch => ({
    mode,
    confidence,
    conclusion: mode,
    rootCause: "",
    findings: [],
    suggestedActions: [],
  });

  it.each<[RuleMatch, RuleMatch, FailureMode]>([
    [match("rollout_stuck", 0.9), match("crash_loop", 0.85), "rollout_stuck"],
    [match("rollout_stuck", 0.85), match("crash_loop", 0.85), "crash_loop"],
    [match("service_no_endpoints", 0.55), match("readiness_failing", 0.55), "readiness_failing"],
    [match("quota_exceeded", 0.9), match("unschedulable_resources", 0.9), "quota_exceeded"],
  ])("%o vs %o -> %s", (a, b, winner) => {
    expect([a, b].sort(compareMatches)[0]?.mode).toBe(winner);
  });
});

describe("diagnoseWithRules texts", () => {
  it.each<[FailureMode, "zh" | "en", string, string]>([
    ["oom_killed", "zh", "OOMKilled", "增加内存 limit"],
    ["oom_killed", "en", "OOMKilled", "Increase the memory limit"],
    ["crash_loop", "en", "CrashLoopBackOff (exit code 1: application error)", "Roll back to the previous revision, then investigate the new one"],
    ["node_not_ready", "en", "Node not ready: kwok-node-3", "Check the kubelet, container runtime and network of node kwok-node-3"],
    ["quota_exceeded", "zh", "超出资源配额（compute-quota）", "提高 ResourceQuota compute-quota 的限额，或降低工作负载的 requests/limits 或副本数"],
  ])("%s in %s", (mode, locale, conclusion, action) => {
    const { diagnosis } = diagnoseWithRules(SCENARIOS[mode](), { now: NOW, locale });
    expect(diagnosis.conclusion).toBe(conclusion);
    expect(diagnosis.suggestedActions).toContain(action);
  });

  it("writes the OOM findings of the REST reference", () => {
    const findings = diagnoseWithRules(SCENARIOS.oom_killed(), { now: NOW }).diagnosis.keyFindings.map((f) => f.finding);
    expect(findings).toEqual(expect.arrayContaining(["容器内存使用达到 limit", "最近一次重启原因是 OOMKilled"]));
  });

  it("writes the unknown outcome in English", () => {
    const { diagnosis } = diagnoseWithRules(healthyScenario(), { now: NOW, locale: "en" });
    expect(diagnosis.conclusion).toBe("Root cause not determined");
    expect(diagnosis.suggestedActions).toEqual(["Escalate to the on-call engineer for manual investigation"]);
  });

  it("adds the best knowledge entries", () => {
    const e = { ...SCENARIOS.crash_loop(), knowledge: [{ id: "kb-7", title: "Java app exits 1 on missing env", score: 0.82, excerpt: "Check DB_URL" }] };
    const findings = diagnoseWithRules(e, { now: NOW }).diagnosis.keyFindings;
    expect(findings.at(-1)).toEqual({
      finding: "知识库相关条目：Java app exits 1 on missing env",
      evidence: ["knowledge kb-7 score=0.82: Check DB_URL"],
      source: "search_knowledge",
    });
  });
});
