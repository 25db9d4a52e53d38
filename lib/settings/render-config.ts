/** The GET /api/config document, built from the effective settings with every secret masked. */
import { SECTIONS, SETTINGS } from "./catalog.js";
import type { EffectiveSettings } from "./effective-settings.js";

/** What a set secret shows as; an unset one is null. */
export const SECRET_MASK = "******";

/**
 * The documented `{llm, feishu, security, monitoring}` sections (plus
 * `operator` and `general`) with snake_case fields. Secrets appear only as
 * SECRET_MASK or null: EffectiveSettings never holds their values.
 */
export function renderConfigDocument(settings: EffectiveSettings): Record<string, Record<string, unknown>> {
  const doc: Record<string, Record<string, unknown>> = Object.fromEntries(SECTIONS.map((s) => [s, {}]));
  for (const def of SETTINGS) {
    const section = doc[def.section]!;
    if (def.secret) section[def.field] = settings.secrets[def.key] ? SECRET_MASK : null;
    else section[def.field] = settings.values[def.key] ?? null;
  }
  return doc;
}
