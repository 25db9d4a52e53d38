import { describe, expect, it } from "vitest";
import type { RiskLevel } from "../../crds/index.js";
import { effectivePlugin, type BuiltinFloor, type PluginResourceView } from "./plugin-floor.js";

const builtin = (riskLevel: RiskLevel, requiresApproval = false): BuiltinFloor => ({ name: "scale_deployment", category: "remediation", riskLevel, requiresApproval });
const spec = (s: { enabled?: boolean; riskLevel?: RiskLevel; requiresApproval?: boolean }): PluginResourceView => ({ readable: true, spec: s });

describe("effectivePlugin: built-in values are the floor", () => {
  it.each<[string, BuiltinFloor, PluginResourceView, RiskLevel, boolean, boolean, RegExp]>([
    ["the resource as published", builtin("medium"), spec({ enabled: true, riskLevel: "medium", requiresApproval: false }), "medium", false, true, /risk medium \(built-in\), approval not required \(built-in\), enabled/],
    ["the resource raises the risk", builtin("medium"), spec({ riskLevel: "high" }), "high", false, true, /risk high \(Plugin resource; built-in medium\)/],
    ["the resource tries to lower the risk", builtin("medium"), spec({ riskLevel: "low" }), "medium", false, true, /risk medium \(built-in floor; the Plugin resource's low cannot lower it\)/],
    ["the resource requires approval", builtin("low"), spec({ requiresApproval: true }), "low", true, true, /approval required \(Plugin resource\)/],
    ["the resource tries to lift a built-in approval", builtin("medium", true), spec({ requiresApproval: false }), "medium", true, true, /approval required \(built-in; the Plugin resource's false cannot lift it\)/],
    ["the resource disables the plugin", builtin("low"), spec({ enabled: false }), "low", false, false, /disabled \(Plugin resource\)/],
    ["the resource raises to critical and requires approval", builtin("low"), spec({ riskLevel: "critical", requiresApproval: true }), "critical", true, true, /risk critical \(Plugin resource; built-in low\), approval required \(Plugin resource\)/],
    ["the resource cannot be read", builtin("medium"), { readable: false, reason: "not found" }, "medium", false, false, /Plugin resource unreadable \(not found\).*enabled unknown/],
  ])("%s", (_name, floor, view, risk, approval, enabled, origin) => {
    const effective = effectivePlugin(floor, view);
    expect(effective.riskLevel).toBe(risk);
    expect(effective.requiresApproval).toBe(approval);
    expect(effective.enabled).toBe(enabled);
    expect(effective.origin).toMatch(origin);
  });

  it("marks an unreadable resource as such, so policy can deny it", () => {
    expect(effectivePlugin(builtin("low"), { readable: false, reason: "forbidden" }).unreadable).toBe("forbidden");
    expect(effectivePlugin(builtin("low"), spec({})).unreadable).toBeUndefined();
  });
});
