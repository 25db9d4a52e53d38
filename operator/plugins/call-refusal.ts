/** Whether a plugin call may run, given what its Plugin resource says. */
import type { PluginResourceView } from "../policy/plugin-floor.js";
import type { BuiltinPlugin, PluginResult } from "./types.js";

/**
 * Why a call must not run: the plugin is disabled, or it is a remediation whose Plugin resource cannot be
 * read (it may say disabled). A diagnostic with an unreadable resource still runs with its built-in
 * settings: it only reads, and blinding the diagnosis would hide the very evidence a human needs.
 */
export function refusalOf(plugin: Pick<BuiltinPlugin, "name" | "category">, view: PluginResourceView): PluginResult | undefined {
  if (view.readable) {
    if (view.spec.enabled !== false) return undefined;
    return { ok: false, summary: `plugin ${plugin.name} is disabled`, error: `plugin ${plugin.name} is disabled (spec.enabled=false)` };
  }
  if (plugin.category !== "remediation") return undefined;
  const error = `remediation ${plugin.name} refused: its Plugin resource cannot be read (${view.reason}), so whether it is enabled is unknown`;
  return { ok: false, summary: `plugin ${plugin.name} refused: Plugin resource unreadable`, error };
}
