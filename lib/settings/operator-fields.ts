/**
 * The OperatorConfig fields a setting may override, and what can be learnt
 * from their zod schemas: defaults, numeric bounds and enum options come
 * from lib/settings/operator-config.ts so the two never disagree.
 */
import type { z } from "zod";
import { CONFIG_ENV_VARIABLES, OperatorConfig, POLICY_ENV_VARIABLES, PolicyConfig } from "./operator-config.js";
import { enumKind, numberKind, type SettingValue, type ValueKind } from "./value-kinds.js";

type TopLevelField =
  | "minConfidence"
  | "confirmDiagnosis"
  | "verifyWindowSeconds"
  | "verifyStableSeconds"
  | "dedupeWindowMinutes"
  | "evidenceFreshnessMinutes"
  | "proposalTtlMinutes";
/** A field of OperatorConfig, policy fields prefixed with `policy.`. */
export type OperatorField = `policy.${keyof PolicyConfig}` | TopLevelField;

const DEFAULTS = OperatorConfig.parse({});

const policyName = (field: OperatorField): keyof PolicyConfig | undefined =>
  field.startsWith("policy.") ? (field.slice("policy.".length) as keyof PolicyConfig) : undefined;

/** The zod schema OperatorConfig uses for `field`. */
export function fieldSchema(field: OperatorField): z.ZodType {
  const name = policyName(field);
  return name ? PolicyConfig.shape[name] : OperatorConfig.shape[field as TopLevelField];
}

/** The value of `field` in `config`. */
export function readField(config: OperatorConfig, field: OperatorField): SettingValue {
  const name = policyName(field);
  return name ? config.policy[name] : config[field as TopLevelField];
}

/** A copy of `config` with `field` set to `value` (already checked against `fieldSchema`). */
export function withField(config: OperatorConfig, field: OperatorField, value: unknown): OperatorConfig {
  const name = policyName(field);
  if (name) return { ...config, policy: { ...config.policy, [name]: value } };
  return { ...config, [field]: value };
}

/** OperatorConfig's default for `field`. */
export function defaultOf(field: OperatorField): SettingValue {
  return readField(DEFAULTS, field);
}

/** The KUBEFIX_* environment variable configFromEnv reads for `field`. */
export function environmentVariableOf(field: OperatorField): string | undefined {
  const name = policyName(field) ?? field;
  const table = policyName(field) ? POLICY_ENV_VARIABLES : CONFIG_ENV_VARIABLES;
  return Object.keys(table).find((variable) => table[variable] === name);
}

interface Introspected {
  def: { type: string };
  unwrap?: () => Introspected;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: string[];
}

// An integer schema without .max() reports MAX_SAFE_INTEGER; that is "no upper bound", not a limit to print.
const bound = (v: number | null | undefined): number | undefined =>
  v === null || v === undefined || !Number.isFinite(v) || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v;

/** The value kind of a numeric or enum field, with the bounds or options its schema declares. */
export function kindFromField(field: OperatorField): ValueKind {
  let schema = fieldSchema(field) as unknown as Introspected;
  while (schema.def.type === "default" && schema.unwrap) schema = schema.unwrap();
  if (schema.def.type === "number") {
    return numberKind({ min: bound(schema.minValue), max: bound(schema.maxValue), integer: schema.isInt === true });
  }
  if (schema.def.type === "enum" && schema.options && schema.options.length > 0) {
    return enumKind(schema.options as [string, ...string[]]);
  }
  throw new Error(`no value kind can be derived for ${field}; give one explicitly`);
}
