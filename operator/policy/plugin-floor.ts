/**
 * The settings policy enforces for a plugin: its built-in values are the
 * floor, and its Plugin resource (which users edit and `GET /api/plugins`
 * shows) may only tighten them — a higher risk, approval required, disabled.
 * A resource that cannot be read says nothing, and nothing is not "enabled".
 */
import type { PluginCategory, RiskLevel } from "../../crds/index.js";

/** What the Plugin resource says, or why it could not be read. */
export type PluginResourceView =
  | { readable: true; spec: { enabled?: boolean; riskLevel?: RiskLevel; requiresApproval?: boolean; timeoutSeconds?: number } }
  | { readable: false; reason: string };

/** The compiled-in values of a built-in plugin. */
export interface BuiltinFloor {
  name: string;
  category: PluginCategory;
  riskLevel: RiskLevel;
  requiresApproval: boolean;
}

/** The settings in force, with one line saying where each came from. */
export interface EffectivePlugin {
  category: PluginCategory;
  riskLevel: RiskLevel;
  requiresApproval: boolean;
  enabled: boolean;
  /** Why the Plugin resource could not be read; set means "enabled is unknown". */
  unreadable?: string;
  /** E.g. "plugin scale_deployment: risk high (Plugin resource; built-in medium), approval not required (built-in), enabled". */
  origin?: string;
}

const RISK_ORDER: readonly RiskLevel[] = ["low", "medium", "high", "critical"];
const higher = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b);

function riskPart(builtin: RiskLevel, resource: RiskLevel | undefined): { value: RiskLevel; text: string } {
  if (resource === undefined || resource === builtin) return { value: builtin, text: `risk ${builtin} (built-in)` };
  const value = higher(builtin, resource);
  return value === builtin
    ? { value, text: `risk ${builtin} (built-in floor; the Plugin resource's ${resource} cannot lower it)` }
    : { value, text: `risk ${value} (Plugin resource; built-in ${builtin})` };
}

function approvalPart(builtin: boolean, resource: boolean | undefined): { value: boolean; text: string } {
  if (builtin) {
    const ignored = resource === false ? "; the Plugin resource's false cannot lift it" : "";
    return { value: true, text: `approval required (built-in${ignored})` };
  }
  return resource === true
    ? { value: true, text: "approval required (Plugin resource)" }
    : { value: false, text: "approval not required (built-in)" };
}

/** The settings policy uses for `builtin`, given what its Plugin resource says. */
export function effectivePlugin(builtin: BuiltinFloor, view: PluginResourceView): EffectivePlugin {
  const base = { category: builtin.category, riskLevel: builtin.riskLevel, requiresApproval: builtin.requiresApproval };
  if (!view.readable) {
    return {
      ...base,
      enabled: false,
      unreadable: view.reason,
      origin: `plugin ${builtin.name}: Plugin resource unreadable (${view.reason}); built-in risk ${builtin.riskLevel}, enabled unknown`,
    };
  }
  const risk = riskPart(builtin.riskLevel, view.spec.riskLevel);
  const approval = approvalPart(builtin.requiresApproval, view.spec.requiresApproval);
  const enabled = view.spec.enabled !== false;
  return {
    ...base,
    riskLevel: risk.value,
    requiresApproval: approval.value,
    enabled,
    origin: `plugin ${builtin.name}: ${risk.text}, ${approval.text}, ${enabled ? "enabled" : "disabled (Plugin resource)"}`,
  };
}
