/** Plugin resources as the documented plugin JSON. */
import type { Plugin } from "../../lib/resources.js";
import { toolNameOf } from "../../crds/plugin-names.js";

/** The tool name: the built-in's own name, else the resource name with `_` for `-`. */
export const pluginNameOf = (p: Plugin): string => p.spec.implementation.builtin ?? toolNameOf(p.metadata.name ?? "");

/** One entry of `GET /api/plugins`. */
export function toPluginSummary(p: Plugin): {
  name: string;
  description: string;
  category: string;
  parameters: Record<string, unknown>;
  risk_level: string;
  requires_approval: boolean;
  enabled: boolean;
  timeout: number;
  implementation: string;
} {
  return {
    name: pluginNameOf(p),
    description: p.spec.description,
    category: p.spec.category,
    parameters: p.spec.parameters,
    risk_level: p.spec.riskLevel,
    requires_approval: p.spec.requiresApproval,
    enabled: p.spec.enabled,
    timeout: p.spec.timeoutSeconds,
    implementation: p.spec.implementation.type,
  };
}

/** `GET /api/plugins/:name`: the summary plus usage statistics from the Plugin's status. */
export function toPluginDetail(p: Plugin): ReturnType<typeof toPluginSummary> & {
  usage_count: number;
  avg_duration: number;
  success_rate: number | null;
  last_used_at: string | null;
  last_error: string | null;
} {
  const s = p.status ?? {};
  return {
    ...toPluginSummary(p),
    usage_count: s.usageCount ?? 0,
    avg_duration: s.avgDurationSeconds ?? 0,
    success_rate: s.successRate ?? null,
    last_used_at: s.lastUsedAt ?? null,
    last_error: s.lastError ?? null,
  };
}
