/**
 * Policy before every write: a pure decision over a proposal and the facts
 * gathered from the cluster. Each check names what it found; the strongest
 * outcome wins: escalate > deny > require_approval > auto_execute.
 */
import type { PluginCategory, RiskLevel, Severity } from "../../crds/index.js";
import type { PolicyConfig } from "../../lib/settings/operator-config.js";

export type Verdict = "auto_execute" | "require_approval" | "deny" | "escalate";

export interface StepFacts {
  plugin: string;
  parameters: Record<string, unknown>;
  /** Undefined when no such plugin exists. */
  meta?: { category: PluginCategory; riskLevel: RiskLevel; requiresApproval: boolean; enabled: boolean };
  /** For scale steps: the current replica count of the object being scaled. */
  currentReplicas?: number;
}

export interface PolicyInput {
  config: PolicyConfig;
  severity: Severity;
  proposalRisk: RiskLevel;
  steps: StepFacts[];
  /** Executions recorded in the cluster during the last hour. */
  executionsLastHour: number;
  /** The last execution on the same target, from any incident. */
  lastExecutionOnTarget?: Date;
  /** Steps this incident already executed. */
  stepsAlreadyExecuted: number;
  now: Date;
}

export interface PolicyDecision {
  verdict: Verdict;
  reasons: string[];
}

type Finding = { outcome: Exclude<Verdict, "auto_execute">; reason: string };
type Check = (input: PolicyInput) => Finding[];

const RISK_ORDER: RiskLevel[] = ["low", "medium", "high", "critical"];
const riskAbove = (risk: RiskLevel, limit: RiskLevel): boolean => RISK_ORDER.indexOf(risk) > RISK_ORDER.indexOf(limit);

/** Every string anywhere inside a value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

const checkCritical: Check = ({ config, severity }) =>
  config.escalateCritical && severity === "critical"
    ? [{ outcome: "escalate", reason: "critical incidents are always handled by a human" }]
    : [];

const checkPlugins: Check = ({ steps }) =>
  steps.flatMap((s): Finding[] => {
    if (!s.meta) return [{ outcome: "deny", reason: `step uses unknown plugin ${s.plugin}` }];
    if (s.meta.category !== "remediation") return [{ outcome: "deny", reason: `${s.plugin} is not a remediation plugin` }];
    return s.meta.enabled ? [] : [{ outcome: "deny", reason: `plugin ${s.plugin} is disabled` }];
  });

const checkNamespaces: Check = ({ config, steps }) => {
  if (config.allowedNamespaces.includes("*")) return [];
  return steps.flatMap((s): Finding[] => {
    const ns = s.parameters.namespace;
    if (typeof ns !== "string" || config.allowedNamespaces.includes(ns)) return [];
    return [{ outcome: "deny", reason: `namespace ${ns} is not in the allowed namespaces (${config.allowedNamespaces.join(", ")})` }];
  });
};

const checkForbiddenVerbs: Check = ({ config, steps }) =>
  steps.flatMap((s) =>
    stringsIn(s.parameters).flatMap((text): Finding[] => {
      const verb = config.forbiddenVerbs.find((v) => text.toLowerCase().includes(v.toLowerCase()));
      return verb ? [{ outcome: "deny", reason: `${s.plugin} argument contains forbidden verb "${verb}"` }] : [];
    }),
  );

const checkStepLimit: Check = ({ config, steps, stepsAlreadyExecuted }) =>
  stepsAlreadyExecuted + steps.length > config.maxStepsPerIncident
    ? [{ outcome: "deny", reason: `${stepsAlreadyExecuted + steps.length} steps exceed the limit of ${config.maxStepsPerIncident} per incident` }]
    : [];

const checkReplicaChange: Check = ({ config, steps }) =>
  steps.flatMap((s): Finding[] => {
    const wanted = s.parameters.replicas;
    if (typeof wanted !== "number" || s.currentReplicas === undefined) return [];
    const change = Math.abs(wanted - s.currentReplicas) / Math.max(s.currentReplicas, 1);
    if (change <= config.maxReplicaChange) return [];
    const pct = Math.round(change * 100);
    return [{ outcome: "require_approval", reason: `replica change ${s.currentReplicas} -> ${wanted} (${pct}%) exceeds ±${Math.round(config.maxReplicaChange * 100)}%` }];
  });

const checkQuota: Check = ({ config, executionsLastHour }) =>
  executionsLastHour >= config.hourlyQuota
    ? [{ outcome: "require_approval", reason: `hourly quota spent: ${executionsLastHour} of ${config.hourlyQuota} executions in the last hour` }]
    : [];

const checkCooldown: Check = ({ config, lastExecutionOnTarget, now }) => {
  if (!lastExecutionOnTarget) return [];
  const elapsed = (now.getTime() - lastExecutionOnTarget.getTime()) / 1000;
  return elapsed < config.cooldownSeconds
    ? [{ outcome: "require_approval", reason: `target changed ${Math.round(elapsed)}s ago; cooldown is ${config.cooldownSeconds}s` }]
    : [];
};

const checkRisk: Check = ({ config, proposalRisk, steps }) => {
  const findings: Finding[] = [];
  if (riskAbove(proposalRisk, config.autoExecuteMaxRisk)) {
    findings.push({ outcome: "require_approval", reason: `risk ${proposalRisk} is above the auto-execution limit (${config.autoExecuteMaxRisk})` });
  }
  for (const s of steps) {
    if (s.meta?.requiresApproval) findings.push({ outcome: "require_approval", reason: `plugin ${s.plugin} always requires approval` });
    else if (s.meta && riskAbove(s.meta.riskLevel, config.autoExecuteMaxRisk)) {
      findings.push({ outcome: "require_approval", reason: `plugin ${s.plugin} is ${s.meta.riskLevel} risk, above the auto-execution limit` });
    }
  }
  return findings;
};

const CHECKS: Check[] = [
  checkCritical,
  checkPlugins,
  checkNamespaces,
  checkForbiddenVerbs,
  checkStepLimit,
  checkReplicaChange,
  checkQuota,
  checkCooldown,
  checkRisk,
];
const STRENGTH: Verdict[] = ["auto_execute", "require_approval", "deny", "escalate"];

/** Decides whether a proposal may run on its own, needs a human, or must not run. */
export function evaluatePolicy(input: PolicyInput): PolicyDecision {
  const findings = CHECKS.flatMap((check) => check(input));
  const verdict = findings.reduce<Verdict>(
    (strongest, f) => (STRENGTH.indexOf(f.outcome) > STRENGTH.indexOf(strongest) ? f.outcome : strongest),
    "auto_execute",
  );
  const reasons = findings.length > 0 ? findings.map((f) => f.reason) : ["within policy"];
  return { verdict, reasons };
}
