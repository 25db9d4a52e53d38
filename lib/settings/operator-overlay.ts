/**
 * The operator's view of ConfigMap kubefix-config: its operator settings laid
 * over a base OperatorConfig. A bad value costs only its own key, so a typo
 * in a hand edit never stops the operator. Pure.
 */
import type { OperatorConfig } from "./operator-config.js";
import { settingByKey, type SettingDefinition } from "./catalog.js";
import type { SettingProblem } from "./effective-settings.js";
import { MESSAGES } from "./messages.js";
import { fieldSchema, withField, type OperatorField } from "./operator-fields.js";
import type { Locale } from "./value-kinds.js";

export interface OperatorOverlay {
  config: OperatorConfig;
  /** Keys whose values were applied. */
  applied: string[];
  problems: SettingProblem[];
}

type OperatorSetting = SettingDefinition & { overrides: OperatorField };

// The catalog's check, then OperatorConfig's own, so the result is always a valid OperatorConfig.
function parseOperatorValue(def: OperatorSetting, raw: string): { ok: true; value: unknown } | { ok: false } {
  const parsed = def.kind.schema.safeParse(raw);
  if (!parsed.success) return { ok: false };
  const checked = fieldSchema(def.overrides).safeParse(parsed.data);
  return checked.success ? { ok: true, value: checked.data } : { ok: false };
}

/** `base` with every valid operator setting of `data` applied; other settings (LLM, Feishu, ...) are not the operator's and pass by. */
export function overlayOperatorConfig(
  base: OperatorConfig,
  data: Readonly<Record<string, string>> | undefined,
  locale: Locale = "en",
): OperatorOverlay {
  const result: OperatorOverlay = { config: base, applied: [], problems: [] };
  for (const [key, raw] of Object.entries(data ?? {})) {
    const def = settingByKey(key);
    if (!def) {
      result.problems.push({ key, message: MESSAGES.unknownSetting[locale](key) });
      continue;
    }
    if (!def.overrides) continue;
    const parsed = parseOperatorValue(def as OperatorSetting, raw);
    if (!parsed.ok) {
      result.problems.push({ key, message: MESSAGES.storedValueIgnored[locale](def.kind.expectation[locale]) });
      continue;
    }
    result.config = withField(result.config, def.overrides, parsed.value);
    result.applied.push(key);
  }
  return result;
}
