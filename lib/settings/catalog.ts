/**
 * Every runtime setting in one table: the environment-style key a client
 * sends to PUT /api/config, where it appears in the GET document, whether it
 * is secret, how its value is checked and stored, its default, and which
 * OperatorConfig field it overrides. Operator settings take their default and
 * bounds from lib/settings/operator-config.ts.
 */
import { defaultOf, environmentVariableOf, kindFromField, type OperatorField } from "./operator-fields.js";
import {
  booleanKind,
  enumKind,
  listKind,
  numberKind,
  secretKind,
  textKind,
  urlKind,
  type SettingValue,
  type ValueKind,
} from "./value-kinds.js";

/** Sections of the GET /api/config document; the first four are the documented ones. */
export const SECTIONS = ["llm", "feishu", "security", "monitoring", "operator", "general"] as const;
export type Section = (typeof SECTIONS)[number];

export interface SettingDefinition {
  key: string;
  section: Section;
  /** snake_case field within the section. */
  field: string;
  secret: boolean;
  kind: ValueKind;
  /** Used when neither the environment nor the cluster sets a value; null = unset. */
  default: SettingValue | null;
  /** The environment variable that sets it below the ConfigMap. */
  env: string;
  /** The OperatorConfig field it overrides, for settings the operator uses. */
  overrides?: OperatorField;
}

const NAMESPACES = listKind({
  item: /^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/,
  expectation: {
    zh: "必须是命名空间名称（或 *）的数组或逗号分隔的字符串",
    en: "must be an array or comma-separated string of namespace names (or *)",
  },
});
const PROVIDER = textKind({
  max: 64,
  pattern: /^[a-z][a-z0-9_-]*$/,
  expectation: { zh: "必须是小写的提供方名称，例如 anthropic", en: "must be a lowercase provider name such as anthropic" },
});

type Row = Omit<SettingDefinition, "env" | "secret"> & { secret?: boolean };
/** Where a setting appears in the GET document: `section.field`. */
type At = `${Section}.${string}`;

const place = (at: At): { section: Section; field: string } => {
  const [section, field] = at.split(".") as [Section, string];
  return { section, field };
};
const plain = (key: string, at: At, kind: ValueKind, def: SettingValue | null): Row => ({ key, ...place(at), kind, default: def });
const secret = (key: string, at: At): Row => ({ key, ...place(at), kind: secretKind, default: null, secret: true });
const operator = (key: string, at: At, overrides: OperatorField, kind?: ValueKind): Row => ({
  key,
  ...place(at),
  kind: kind ?? kindFromField(overrides),
  default: defaultOf(overrides),
  overrides,
});

const ROWS: Row[] = [
  plain("LLM_PROVIDER", "llm.provider", PROVIDER, "anthropic"),
  plain("LLM_MODEL", "llm.model", textKind({ max: 200 }), "claude-sonnet-4-5"),
  plain("LLM_BASE_URL", "llm.base_url", urlKind, "https://api.anthropic.com"),
  plain("LLM_TIMEOUT", "llm.timeout", numberKind({ min: 1, max: 3600, integer: true }), 300),
  secret("LLM_API_KEY", "llm.api_key"),
  plain("FEISHU_APP_ID", "feishu.app_id", textKind({ max: 128 }), null),
  secret("FEISHU_APP_SECRET", "feishu.app_secret"),
  secret("FEISHU_VERIFICATION_TOKEN", "feishu.verification_token"),
  secret("FEISHU_ENCRYPT_KEY", "feishu.encrypt_key"),
  plain("FEISHU_ALERT_BOT_IDS", "feishu.alert_bot_ids", listKind(), []),
  operator("ALLOWED_NAMESPACES", "security.allowed_namespaces", "policy.allowedNamespaces", NAMESPACES),
  operator("MAX_REPLICA_CHANGE", "security.max_replica_change", "policy.maxReplicaChange"),
  operator("FORBIDDEN_VERBS", "security.forbidden_verbs", "policy.forbiddenVerbs", listKind()),
  operator("HOURLY_QUOTA", "security.hourly_quota", "policy.hourlyQuota"),
  operator("AUTO_EXECUTE_MAX_RISK", "security.auto_execute_max_risk", "policy.autoExecuteMaxRisk"),
  operator("ESCALATE_CRITICAL", "security.escalate_critical", "policy.escalateCritical", booleanKind),
  operator("COOLDOWN_SECONDS", "security.cooldown_seconds", "policy.cooldownSeconds"),
  operator("MAX_STEPS_PER_INCIDENT", "security.max_steps_per_incident", "policy.maxStepsPerIncident"),
  plain("ENABLE_POSTGRESQL", "monitoring.enable_postgresql", booleanKind, false),
  plain("ENABLE_REDIS", "monitoring.enable_redis", booleanKind, false),
  plain("ENABLE_AWS", "monitoring.enable_aws", booleanKind, false),
  operator("MIN_CONFIDENCE", "operator.min_confidence", "minConfidence"),
  operator("CONFIRM_DIAGNOSIS", "operator.confirm_diagnosis", "confirmDiagnosis", booleanKind),
  operator("VERIFY_WINDOW_SECONDS", "operator.verify_window_seconds", "verifyWindowSeconds"),
  operator("VERIFY_STABLE_SECONDS", "operator.verify_stable_seconds", "verifyStableSeconds"),
  operator("DEDUPE_WINDOW_MINUTES", "operator.dedupe_window_minutes", "dedupeWindowMinutes"),
  operator("EVIDENCE_FRESHNESS_MINUTES", "operator.evidence_freshness_minutes", "evidenceFreshnessMinutes"),
  operator("PROPOSAL_TTL_MINUTES", "operator.proposal_ttl_minutes", "proposalTtlMinutes"),
  plain("LOCALE", "general.locale", enumKind(["zh", "en"]), "zh"),
];

// Operator settings keep the variable names configFromEnv already reads; the others are KUBEFIX_<KEY>.
const envOf = (row: Row): string => (row.overrides && environmentVariableOf(row.overrides)) || `KUBEFIX_${row.key}`;

/** The catalog, in the order of the GET document. */
export const SETTINGS: readonly SettingDefinition[] = ROWS.map((row) => ({ ...row, secret: row.secret ?? false, env: envOf(row) }));

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The setting with env-style key `key`, or undefined. */
export function settingByKey(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key);
}

/** Every env-style key, in catalog order. */
export const SETTING_KEYS: readonly string[] = SETTINGS.map((s) => s.key);

/** True for settings kept in Secret kubefix-secrets (writing them needs rights on the Secret). */
export function isSecretSetting(key: string): boolean {
  return settingByKey(key)?.secret === true;
}
