import { z } from "zod";
import { conditionList, freeForm, RiskLevel, timestamp } from "./common.js";
import { defineKind } from "./kind.js";

export const Severity = z.enum(["critical", "high", "medium", "low", "info"]);
export type Severity = z.infer<typeof Severity>;

export const IncidentCategory = z.enum([
  "kubernetes",
  "application",
  "database",
  "cache",
  "network",
  "infrastructure",
  "unknown",
]);
export type IncidentCategory = z.infer<typeof IncidentCategory>;

/** The lifecycle of an incident; the last six are terminal. */
export const IncidentPhase = z.enum([
  "new",
  "diagnosing",
  "awaiting_confirmation",
  "proposing",
  "awaiting_approval",
  "executing",
  "verifying",
  "resolved",
  "escalated",
  "rejected",
  "failed",
  "ignored",
  "duplicate",
]);
export type IncidentPhase = z.infer<typeof IncidentPhase>;

/** Phases an incident never leaves. */
export const TERMINAL_PHASES: readonly IncidentPhase[] = ["resolved", "escalated", "rejected", "failed", "ignored", "duplicate"];

/** Phases in which nothing has been executed yet, so a rejection still stops everything. */
export const PHASES_BEFORE_EXECUTION: readonly IncidentPhase[] = ["new", "diagnosing", "awaiting_confirmation", "proposing", "awaiting_approval"];

/** Timeline event types, named as the REST reference names them. */
export const TimelineEventType = z.enum([
  "alert_received",
  "alert_repeated",
  "alert_recovered",
  "diagnosis_started",
  "tool_call",
  "diagnosis_completed",
  "diagnosis_confirmed",
  "proposal_created",
  "policy_evaluated",
  "approval_requested",
  "approved",
  "rejected",
  "execution_started",
  "step_started",
  "step_completed",
  "execution_completed",
  "verification_completed",
  "incident_resolved",
  "escalated",
  "ignored",
  "failed",
]);
export type TimelineEventType = z.infer<typeof TimelineEventType>;

/** The most timeline events kept on the resource; older ones are dropped first. */
export const TIMELINE_LIMIT = 100;

const incidentIdPattern = /^INC-[0-9]{8}-[0-9]{3,6}$/;
const name = (): z.ZodString => z.string().min(1).max(253);

/** The alert as it arrived, and what intake parsed out of it. */
export const Alert = z.object({
  message: z.string().min(1).max(16384),
  source: z.string().max(256).optional(),
  chatId: z.string().max(256).optional(),
  receivedAt: timestamp(),
  alertName: z.string().max(256).optional(),
  labels: z.record(z.string(), z.string().max(1024)).optional(),
});

/** The workload or object an incident is about. */
export const Target = z.object({
  kind: z.enum([
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Service",
    "PersistentVolumeClaim",
    "Node",
    "Namespace",
  ]),
  name: name(),
  namespace: z.string().max(63).optional(),
  container: z.string().max(63).optional(),
  service: z.string().max(253).optional(),
});

/** A human decision; the operator acts on each one once and records it in status. */
export const Decision = z.object({
  action: z.enum(["confirm_diagnosis", "approve", "reject", "ignore", "escalate"]),
  by: z.string().min(1).max(256),
  via: z.enum(["lark", "api", "kubectl"]),
  at: timestamp(),
  comment: z.string().max(4096).optional(),
  proposalRevision: z.number().int().min(0).optional(),
});

/** The message of the append-only rule; tests and docs name it. */
export const DECISIONS_APPEND_ONLY =
  "spec.decisions is append-only: existing decisions cannot be changed, removed or reordered; append new ones at the end";

/**
 * On spec, not on the list: a rule on `decisions` would not run when the whole
 * field is removed. The two-variable `all` (Kubernetes 1.32+) compares by index.
 * The operator's `processedDecisions` counts this list and relies on it.
 */
const decisionsAppendOnly = {
  rule: "!has(oldSelf.decisions) || (has(self.decisions) && self.decisions.size() >= oldSelf.decisions.size() && oldSelf.decisions.all(i, d, self.decisions[i] == d))",
  message: DECISIONS_APPEND_ONLY,
  fieldPath: ".decisions",
  reason: "FieldValueForbidden",
};

export const IncidentSpec = z.object({
  id: z.string().regex(incidentIdPattern).meta({
    "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "id is immutable" }],
  }),
  title: z.string().min(1).max(512),
  description: z.string().max(16384).optional(),
  severity: Severity,
  category: IncidentCategory.default("kubernetes"),
  source: z.string().max(256).optional(),
  fingerprint: z.string().min(8).max(128),
  alert: Alert,
  target: Target.optional(),
  occurrences: z.number().int().min(1).default(1),
  firstSeen: timestamp(),
  lastSeen: timestamp(),
  recoveredAt: timestamp().optional(),
  decisions: z.array(Decision).max(64).optional(),
}).meta({ "x-kubernetes-validations": [decisionsAppendOnly] });

export const Finding = z.object({
  finding: z.string().min(1).max(2048),
  evidence: z.array(z.string().max(4096)).max(20).optional(),
  source: z.string().max(128).optional(),
});

export const Diagnosis = z.object({
  engine: z.enum(["rules", "llm"]),
  model: z.string().max(256).optional(),
  conclusion: z.string().min(1).max(1024),
  rootCause: z.string().max(8192).optional(),
  confidence: z.number().min(0).max(1),
  keyFindings: z.array(Finding).max(50),
  suggestedActions: z.array(z.string().max(2048)).max(20),
  diagnosedAt: timestamp(),
});

export const ProposalStep = z.object({
  plugin: z.string().min(1).max(128),
  parameters: freeForm().optional(),
  description: z.string().max(2048),
});

export const Proposal = z.object({
  revision: z.number().int().min(1),
  description: z.string().min(1).max(4096),
  steps: z.array(ProposalStep).min(1).max(20),
  riskLevel: RiskLevel,
  estimatedDuration: z.string().max(64),
  rollbackPlan: z.string().max(4096),
  proposedAt: timestamp(),
});

export const PolicyVerdict = z.object({
  verdict: z.enum(["auto_execute", "require_approval", "deny", "escalate"]),
  reasons: z.array(z.string().max(1024)).max(20),
  evaluatedAt: timestamp(),
  proposalRevision: z.number().int().min(1),
});

/** `interrupted`: the operator stopped while the step ran; it is verified, never run again. */
export const StepState = z.enum(["pending", "started", "succeeded", "failed", "skipped", "interrupted"]);

export const ExecutedStep = z.object({
  index: z.number().int().min(0),
  plugin: z.string().min(1).max(128),
  parameters: freeForm().optional(),
  state: StepState,
  dryRun: z.enum(["passed", "failed", "not_applicable"]).optional(),
  startedAt: timestamp().optional(),
  completedAt: timestamp().optional(),
  output: z.string().max(8192).optional(),
  error: z.string().max(8192).optional(),
});

export const Execution = z.object({
  proposalRevision: z.number().int().min(1),
  startedAt: timestamp(),
  completedAt: timestamp().optional(),
  success: z.boolean().optional(),
  durationSeconds: z.number().min(0).optional(),
  output: z.string().max(8192).optional(),
  steps: z.array(ExecutedStep).max(20),
});

export const Verification = z.object({
  startedAt: timestamp(),
  completedAt: timestamp().optional(),
  healthy: z.boolean().optional(),
  /** Since when the target has looked healthy without a break. */
  healthySince: timestamp().optional(),
  message: z.string().max(4096).optional(),
});

export const TimelineEvent = z.object({
  id: z.string().min(1).max(64),
  type: TimelineEventType,
  timestamp: timestamp(),
  message: z.string().max(4096).optional(),
  data: freeForm().optional(),
});

export const IncidentStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  phase: IncidentPhase.optional(),
  phaseSince: timestamp().optional(),
  duplicateOf: z.string().max(64).optional(),
  diagnosis: Diagnosis.optional(),
  proposal: Proposal.optional(),
  policy: PolicyVerdict.optional(),
  processedDecisions: z.number().int().min(0).optional(),
  execution: Execution.optional(),
  verification: Verification.optional(),
  resolvedAt: timestamp().optional(),
  resolution: z.string().max(1024).optional(),
  timeline: z.array(TimelineEvent).max(TIMELINE_LIMIT).optional(),
  conditions: conditionList().optional(),
});

export const incidentKind = defineKind({
  kind: "Incident",
  plural: "incidents",
  shortNames: ["inc"],
  spec: IncidentSpec,
  status: IncidentStatus,
  printerColumns: [
    { name: "ID", type: "string", jsonPath: ".spec.id" },
    { name: "Phase", type: "string", jsonPath: ".status.phase" },
    { name: "Severity", type: "string", jsonPath: ".spec.severity" },
    { name: "Category", type: "string", jsonPath: ".spec.category" },
    { name: "Target", type: "string", jsonPath: ".spec.target.name" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
});

export type IncidentSpec = z.infer<typeof IncidentSpec>;
export type IncidentStatus = z.infer<typeof IncidentStatus>;
export type Diagnosis = z.infer<typeof Diagnosis>;
export type Proposal = z.infer<typeof Proposal>;
export type Decision = z.infer<typeof Decision>;
export type TimelineEvent = z.infer<typeof TimelineEvent>;
