/**
 * The effective settings: catalog defaults, overridden by the environment,
 * overridden by what the cluster stores. Pure; the store gathers the maps.
 * Secret values never enter here, only whether each secret is set.
 */
import { SETTINGS, settingByKey, type SettingDefinition } from "./catalog.js";
import { MESSAGES } from "./messages.js";
import { fieldSchema } from "./operator-fields.js";
import type { Locale, SettingValue } from "./value-kinds.js";

export type SettingSource = "default" | "environment" | "cluster";

/** A stored or environment value that was not used, and why. */
export interface SettingProblem {
  key: string;
  message: string;
}

export interface EffectiveSettings {
  /** Every non-secret setting by key; null when it has no default and nothing sets it. */
  values: Record<string, SettingValue | null>;
  /** Every secret setting by key: whether it has a value. */
  secrets: Record<string, boolean>;
  /** Where each setting's value (or secret) came from. */
  sources: Record<string, SettingSource>;
  problems: SettingProblem[];
}

/** Values from the environment: non-secret values parsed, secrets only noted as set. */
export interface Baseline {
  values: Record<string, SettingValue>;
  secrets: ReadonlySet<string>;
}

// Operator settings parse as configFromEnv does (it accepts "yes" for true, for instance), so both agree.
const parseEnv = (def: SettingDefinition, raw: string): SettingValue | undefined => {
  const parsed = (def.overrides ? fieldSchema(def.overrides) : def.kind.schema).safeParse(raw);
  return parsed.success ? (parsed.data as SettingValue) : undefined;
};

/** Reads every setting's environment variable; unreadable values are left to the default. */
export function baselineFromEnv(env: NodeJS.ProcessEnv): Baseline {
  const values: Record<string, SettingValue> = {};
  const secrets = new Set<string>();
  for (const def of SETTINGS) {
    const raw = env[def.env];
    if (raw === undefined || raw === "") continue;
    if (def.secret) secrets.add(def.key);
    else {
      const value = parseEnv(def, raw);
      if (value !== undefined) values[def.key] = value;
    }
  }
  return { values, secrets };
}

export interface StoredSettings {
  baseline: Baseline;
  /** ConfigMap kubefix-config data. */
  configData: Readonly<Record<string, string>>;
  /** Keys of Secret kubefix-secrets that hold a non-empty value. */
  secretKeys: readonly string[];
  locale?: Locale;
}

function startFromBaseline(baseline: Baseline): EffectiveSettings {
  const result: EffectiveSettings = { values: {}, secrets: {}, sources: {}, problems: [] };
  for (const def of SETTINGS) {
    const fromEnv = def.secret ? baseline.secrets.has(def.key) : baseline.values[def.key] !== undefined;
    result.sources[def.key] = fromEnv ? "environment" : "default";
    if (def.secret) result.secrets[def.key] = fromEnv;
    else result.values[def.key] = baseline.values[def.key] ?? def.default;
  }
  return result;
}

function overlayConfigMap(result: EffectiveSettings, data: Readonly<Record<string, string>>, locale: Locale): void {
  for (const [key, raw] of Object.entries(data)) {
    const def = settingByKey(key);
    if (!def) result.problems.push({ key, message: MESSAGES.unknownSetting[locale](key) });
    else if (def.secret) result.problems.push({ key, message: MESSAGES.secretInConfigMap[locale](key) });
    else {
      const parsed = def.kind.schema.safeParse(raw);
      if (!parsed.success) {
        result.problems.push({ key, message: MESSAGES.storedValueIgnored[locale](def.kind.expectation[locale]) });
        continue;
      }
      result.values[key] = parsed.data;
      result.sources[key] = "cluster";
    }
  }
}

function overlaySecretKeys(result: EffectiveSettings, keys: readonly string[], locale: Locale): void {
  for (const key of keys) {
    const def = settingByKey(key);
    if (!def) result.problems.push({ key, message: MESSAGES.unknownSetting[locale](key) });
    else if (!def.secret) result.problems.push({ key, message: MESSAGES.notSecret[locale](key) });
    else {
      result.secrets[key] = true;
      result.sources[key] = "cluster";
    }
  }
}

/** Defaults < environment < cluster, with a problem for each stored entry that was not used. */
export function effectiveSettings(stored: StoredSettings): EffectiveSettings {
  const locale = stored.locale ?? "zh";
  const result = startFromBaseline(stored.baseline);
  overlayConfigMap(result, stored.configData, locale);
  overlaySecretKeys(result, stored.secretKeys, locale);
  return result;
}
