/**
 * Policy before every write: a pure decision over a proposal and the facts
 * gathered from the cluster. Each check names what it found; the strongest
 * outcome wins: escalate > deny > require_approval > auto_execute.
 */
import type { RiskLevel, Severity } from "../../crds/index.js";
import type { GitOpsManagement } from "../../lib/kube/gitops.js";
import type { PolicyConfig } from "../../lib/settings/operator-config.js";
import { declaresWrittenObject, writesClusterScoped, writtenObjectOf, type WrittenObject } from "../plugins/written-object.js";
import type { EffectivePlugin } from "./plugin-floor.js";
import { stepChangeInWords } from "./step-words.js";

export type Verdict = "auto_execute" | "require_approval" | "deny" | "escalate";

export interface StepFacts {
  plugin: string;
  parameters: Record<string, unknown>;
  /** The settings in force (built-in floor, tightened by the Plugin resource); undefined when no such plugin exists. */
  meta?: EffectivePlugin;
  /** For scale steps: the current replica count of the object being scaled. */
  currentReplicas?: number;
  /** For scale steps: why the current replica count could not be read. */
  replicaLookupError?: string;
  /** Who reconciles the written object from Git, if anyone does. */
  gitOps?: GitOpsManagement;
  /** Why the written object could not be read to see who manages it. */
  ownershipUnknown?: string;
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
  /** Nodes the incident is about (its target Node, nodes its evidence names); cluster-scoped writes aim only at these. */
  incidentNodes?: readonly string[];
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
    if (s.meta.unreadable !== undefined) {
      // Unknown could be "disabled", and a human cannot approve a disabled plugin into running: deny, as for disabled.
      return [{ outcome: "deny", reason: `the Plugin resource of ${s.plugin} cannot be read (${s.meta.unreadable}); whether it is enabled is unknown, so it is treated as disabled` }];
    }
    return s.meta.enabled ? [] : [{ outcome: "deny", reason: `plugin ${s.plugin} is disabled` }];
  });

const nonEmpty = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Every step names the object it writes, in an allowed namespace; cluster-scoped tools name their node. */
function targetFindings(config: PolicyConfig, s: StepFacts): Finding[] {
  const written = writtenObjectOf(s.plugin, s.parameters);
  if (writesClusterScoped(s.plugin)) {
    return written ? [] : [{ outcome: "deny", reason: `${s.plugin} names no node to write; cannot tell what it would change` }];
  }
  const ns = nonEmpty(s.parameters.namespace);
  if (ns === undefined) return [{ outcome: "deny", reason: `${s.plugin} names no namespace (string parameter "namespace"); cannot tell where it would write` }];
  if (declaresWrittenObject(s.plugin) && !written) {
    return [{ outcome: "deny", reason: `${s.plugin} does not name the object it writes in namespace ${ns}; cannot tell what it would change` }];
  }
  if (config.allowedNamespaces.includes("*") || config.allowedNamespaces.includes(ns)) return [];
  return [{ outcome: "deny", reason: `namespace ${ns} is not in the allowed namespaces (${config.allowedNamespaces.join(", ")})` }];
}

const checkTargets: Check = ({ config, steps }) => steps.flatMap((s) => targetFindings(config, s));

const describeObject = (o: WrittenObject): string => (o.namespace === undefined ? `${o.kind} ${o.name}` : `${o.kind} ${o.namespace}/${o.name}`);

/** Cluster-scoped writes always wait for a human, and only ever aim at a node the incident is about. */
const checkClusterScoped: Check = ({ steps, incidentNodes = [] }) =>
  steps.flatMap((s): Finding[] => {
    const written = writtenObjectOf(s.plugin, s.parameters);
    if (!writesClusterScoped(s.plugin) || !written) return [];
    const findings: Finding[] = [{ outcome: "require_approval", reason: `${s.plugin} writes the cluster-scoped ${describeObject(written)}: cluster-scoped writes always need approval` }];
    if (!incidentNodes.includes(written.name)) {
      const known = incidentNodes.length > 0 ? incidentNodes.join(", ") : "none";
      findings.push({ outcome: "deny", reason: `${describeObject(written)} is neither the incident's target nor a node its evidence names (nodes of this incident: ${known})` });
    }
    return findings;
  });

function gitOpsReason(s: StepFacts, gitOps: GitOpsManagement): string {
  const written = writtenObjectOf(s.plugin, s.parameters);
  const what = written ? describeObject(written) : s.plugin;
  const by = gitOps.owner ? `${gitOps.tool} (${gitOps.owner})` : gitOps.tool;
  const seen = gitOps.signals.map((g) => g.seen).join(", ");
  return (
    `${what} is managed by ${by} [${seen}]: change it in Git instead: ${stepChangeInWords(s.plugin, s.parameters)}. ` +
    `It is never written automatically; an approval runs it here once, and the next sync may revert it`
  );
}

/** A GitOps-managed object never gets an automatic write; one whose manager cannot be read is treated alike. */
const checkGitOps: Check = ({ steps }) =>
  steps.flatMap((s): Finding[] => {
    if (s.gitOps) return [{ outcome: "require_approval", reason: gitOpsReason(s, s.gitOps) }];
    if (s.ownershipUnknown === undefined) return [];
    return [{ outcome: "require_approval", reason: `could not read what ${s.plugin} writes to see whether Argo CD or Flux manages it (${s.ownershipUnknown})` }];
  });

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
    if (typeof wanted !== "number") return [];
    if (s.currentReplicas === undefined) {
      const why = s.replicaLookupError ?? "not looked up";
      return [{ outcome: "require_approval", reason: `current replicas of the object ${s.plugin} scales are unknown (${why}); the ±${Math.round(config.maxReplicaChange * 100)}% limit cannot be checked` }];
    }
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
    if (s.meta?.requiresApproval) findings.push({ outcome: "require_approval", reason: `plugin ${s.plugin} requires approval` });
    else if (s.meta && riskAbove(s.meta.riskLevel, config.autoExecuteMaxRisk)) {
      findings.push({ outcome: "require_approval", reason: `plugin ${s.plugin} is ${s.meta.riskLevel} risk, above the auto-execution limit` });
    }
  }
  return findings;
};

const CHECKS: Check[] = [
  checkCritical,
  checkPlugins,
  checkTargets,
  checkClusterScoped,
  checkForbiddenVerbs,
  checkStepLimit,
  checkReplicaChange,
  checkQuota,
  checkCooldown,
  checkRisk,
  checkGitOps,
];
const STRENGTH: Verdict[] = ["auto_execute", "require_approval", "deny", "escalate"];

/** status.policy.reasons holds at most 20 reasons of at most 1024 characters. */
const MAX_REASONS = 20;
const MAX_REASON_CHARS = 1024;

function boundedReasons(reasons: string[]): string[] {
  const cut = reasons.map((r) => (r.length > MAX_REASON_CHARS ? `${r.slice(0, MAX_REASON_CHARS - 1)}…` : r));
  if (cut.length <= MAX_REASONS) return cut;
  return [...cut.slice(0, MAX_REASONS - 1), `… and ${cut.length - MAX_REASONS + 1} more`];
}

/** Where each plugin's settings came from, once per plugin. */
const settingsNotes = (steps: readonly StepFacts[]): string[] => [...new Set(steps.flatMap((s) => (s.meta?.origin ? [s.meta.origin] : [])))];

/** Decides whether a proposal may run on its own, needs a human, or must not run. */
export function evaluatePolicy(input: PolicyInput): PolicyDecision {
  const findings = CHECKS.flatMap((check) => check(input));
  const verdict = findings.reduce<Verdict>(
    (strongest, f) => (STRENGTH.indexOf(f.outcome) > STRENGTH.indexOf(strongest) ? f.outcome : strongest),
    "auto_execute",
  );
  // Findings first, so the bound never drops a reason for the verdict in favour of a note.
  const reasons = findings.length > 0 ? findings.map((f) => f.reason) : ["within policy"];
  return { verdict, reasons: boundedReasons([...reasons, ...settingsNotes(input.steps)]) };
}
