/** Checks a PUT /api/config body against the catalog and turns it into the strings to store. Pure. */
import { settingByKey } from "./catalog.js";
import { MESSAGES } from "./messages.js";
import type { Locale } from "./value-kinds.js";

/** One refused part of the body; `field` is the env-style key, or "body" for the body as a whole. */
export interface SettingsIssue {
  field: string;
  message: string;
}

export type SettingsUpdateResult =
  | { ok: true; values: Record<string, string | null> }
  | { ok: false; issues: SettingsIssue[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates `{ "LLM_MODEL": "...", "LLM_TIMEOUT": 600, ... }`. Each value becomes its stored
 * string; null means "remove the override" and stays null. Every problem is reported, not just the first.
 */
export function validateSettingsUpdate(body: unknown, locale: Locale = "zh"): SettingsUpdateResult {
  if (!isPlainObject(body)) return { ok: false, issues: [{ field: "body", message: MESSAGES.bodyNotObject[locale]() }] };
  const entries = Object.entries(body);
  if (entries.length === 0) return { ok: false, issues: [{ field: "body", message: MESSAGES.emptyUpdate[locale]() }] };
  const values: Record<string, string | null> = {};
  const issues: SettingsIssue[] = [];
  for (const [key, value] of entries) {
    const def = settingByKey(key);
    if (!def) {
      issues.push({ field: key, message: MESSAGES.unknownSetting[locale](key) });
      continue;
    }
    if (value === null) {
      values[key] = null;
      continue;
    }
    const parsed = def.kind.schema.safeParse(value);
    if (parsed.success) values[key] = def.kind.encode(parsed.data);
    else issues.push({ field: key, message: def.kind.expectation[locale] });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}
