/**
 * The operator's settings. Each has a default that is safe for a first
 * install; environment variables (KUBEFIX_*) override them, and the
 * kubefix-config ConfigMap overrides both while the operator runs
 * (lib/settings/, operator/config-watch.ts).
 */
import { z } from "zod";
import { RiskLevel } from "../../crds/index.js";

const list = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string()),
);
const bool = z.preprocess((v) => (typeof v === "string" ? ["1", "true", "yes"].includes(v.toLowerCase()) : v), z.boolean());

export const PolicyConfig = z.object({
  /** Namespaces the operator may change; "*" allows all. */
  allowedNamespaces: list.default(["default"]),
  /** Largest replica change as a ratio of the current count: 0.5 = at most ±50 %. */
  maxReplicaChange: z.coerce.number().min(0).max(10).default(0.5),
  /** Matched, case-insensitively, against every string argument of every step. */
  forbiddenVerbs: list.default(["rm -rf", "drop table", "drop database", "truncate table", "delete namespace", "mkfs"]),
  /** Executions allowed per rolling hour, counted from incidents in the cluster. */
  hourlyQuota: z.coerce.number().int().min(0).default(10),
  /** Highest proposal risk that runs without a human. */
  autoExecuteMaxRisk: RiskLevel.default("medium"),
  /** Critical incidents always go to a human. */
  escalateCritical: bool.default(true),
  /** No second execution on the same target within this many seconds. */
  cooldownSeconds: z.coerce.number().int().min(0).default(600),
  /** Most steps one incident may execute. */
  maxStepsPerIncident: z.coerce.number().int().min(1).default(5),
});
export type PolicyConfig = z.infer<typeof PolicyConfig>;

export const OperatorConfig = z.object({
  /** Where kubefix's own resources live. */
  namespace: z.string().min(1).default("kubefix-system"),
  policy: PolicyConfig.default(PolicyConfig.parse({})),
  /** Below this confidence a diagnosis is escalated instead of acted on. */
  minConfidence: z.coerce.number().min(0).max(1).default(0.6),
  /** Ask a human to confirm the diagnosis before proposing. */
  confirmDiagnosis: bool.default(false),
  /** How long verification watches the target after an execution. */
  verifyWindowSeconds: z.coerce.number().int().min(5).default(180),
  /** How long the target must stay healthy (ready, no new restarts) to count as recovered. */
  verifyStableSeconds: z.coerce.number().int().min(0).default(20),
  /** Where /healthz, /readyz and /metrics listen (host:port). */
  probeAddress: z.string().regex(/^[^:]*:\d{1,5}$/, "expected host:port").default("0.0.0.0:8080"),
  /** Alerts with the same fingerprint within this window are one incident. */
  dedupeWindowMinutes: z.coerce.number().int().min(1).default(30),
  /** Evidence older than this many minutes before the alert is stale: it lowers confidence and never drives a proposal. */
  evidenceFreshnessMinutes: z.coerce.number().int().min(1).max(10080).default(30),
  /** A proposal waiting for a human longer than this is diagnosed again from fresh evidence instead of executed. */
  proposalTtlMinutes: z.coerce.number().int().min(1).default(60),
});
export type OperatorConfig = z.infer<typeof OperatorConfig>;

/** Environment variable -> OperatorConfig field. */
export const CONFIG_ENV_VARIABLES: Readonly<Record<string, string>> = {
  KUBEFIX_NAMESPACE: "namespace",
  KUBEFIX_MIN_CONFIDENCE: "minConfidence",
  KUBEFIX_CONFIRM_DIAGNOSIS: "confirmDiagnosis",
  KUBEFIX_VERIFY_WINDOW_SECONDS: "verifyWindowSeconds",
  KUBEFIX_VERIFY_STABLE_SECONDS: "verifyStableSeconds",
  KUBEFIX_DEDUPE_WINDOW_MINUTES: "dedupeWindowMinutes",
  KUBEFIX_EVIDENCE_FRESHNESS_MINUTES: "evidenceFreshnessMinutes",
  KUBEFIX_PROPOSAL_TTL_MINUTES: "proposalTtlMinutes",
  KUBEFIX_PROBE_ADDRESS: "probeAddress",
};
/** Environment variable -> PolicyConfig field. */
export const POLICY_ENV_VARIABLES: Readonly<Record<string, string>> = {
  KUBEFIX_ALLOWED_NAMESPACES: "allowedNamespaces",
  KUBEFIX_MAX_REPLICA_CHANGE: "maxReplicaChange",
  KUBEFIX_FORBIDDEN_VERBS: "forbiddenVerbs",
  KUBEFIX_HOURLY_QUOTA: "hourlyQuota",
  KUBEFIX_AUTO_EXECUTE_MAX_RISK: "autoExecuteMaxRisk",
  KUBEFIX_ESCALATE_CRITICAL: "escalateCritical",
  KUBEFIX_COOLDOWN_SECONDS: "cooldownSeconds",
  KUBEFIX_MAX_STEPS: "maxStepsPerIncident",
};

const pick = (env: NodeJS.ProcessEnv, names: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(names).flatMap(([variable, key]) => (env[variable] === undefined ? [] : [[key, env[variable]]])),
  );

/** Reads the configuration from the environment; throws a message naming each bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const parsed = OperatorConfig.safeParse({ ...pick(env, CONFIG_ENV_VARIABLES), policy: pick(env, POLICY_ENV_VARIABLES) });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new Error(`invalid configuration: ${problems.join("; ")}`);
}
