import { describe, expect, it } from "vitest";
import type { PluginResourceView } from "../policy/plugin-floor.js";
import { refusalOf } from "./call-refusal.js";
import type { BuiltinPlugin } from "./types.js";

const plugin = (category: "diagnostic" | "remediation"): Pick<BuiltinPlugin, "name" | "category"> => ({ name: category === "remediation" ? "scale_deployment" : "list_pods", category });
const unreadable: PluginResourceView = { readable: false, reason: "Plugin kubefix-system/scale-deployment: not found (deleted?)" };

describe("refusalOf", () => {
  it.each<[string, "diagnostic" | "remediation", PluginResourceView, RegExp | undefined]>([
    ["an enabled remediation", "remediation", { readable: true, spec: { enabled: true } }, undefined],
    ["a remediation whose resource leaves enabled unset", "remediation", { readable: true, spec: {} }, undefined],
    ["a disabled remediation", "remediation", { readable: true, spec: { enabled: false } }, /is disabled \(spec.enabled=false\)/],
    ["a disabled diagnostic", "diagnostic", { readable: true, spec: { enabled: false } }, /is disabled/],
    ["a remediation whose resource cannot be read", "remediation", unreadable, /remediation scale_deployment refused: its Plugin resource cannot be read \(.*not found \(deleted\?\)\)/],
    ["a diagnostic whose resource cannot be read (it only reads)", "diagnostic", unreadable, undefined],
  ])("%s", (_name, category, view, refusal) => {
    const result = refusalOf(plugin(category), view);
    if (refusal === undefined) expect(result).toBeUndefined();
    else {
      expect(result?.ok).toBe(false);
      expect(result?.error).toMatch(refusal);
    }
  });
});
