/** ResourceQuota usage per resource, and which ones are at or near their hard limit. */
import type { V1ResourceQuota } from "@kubernetes/client-node";
import { percentOf, quantityValue } from "./quantity.js";

/** From this share of a hard limit on, a quota is "near" its limit. */
export const NEAR_LIMIT_PERCENT = 80;

/** One resource of one quota. */
export interface QuotaUsage {
  quota: string;
  resource: string;
  used: string;
  hard: string;
  percent?: number;
}

/** Every hard limit of every quota with what is used of it, fullest first. */
export function quotaUsage(quotas: readonly V1ResourceQuota[]): QuotaUsage[] {
  return quotas
    .flatMap((q) =>
      Object.entries(q.status?.hard ?? q.spec?.hard ?? {}).map(([resource, hard]) => {
        const used = q.status?.used?.[resource] ?? "0";
        return { quota: q.metadata?.name ?? "", resource, used, hard, percent: percentOf(quantityValue(used), quantityValue(hard)) };
      }),
    )
    .sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0) || a.resource.localeCompare(b.resource));
}

/** "pods 5/5 (100%) in q1" for each resource at or above NEAR_LIMIT_PERCENT, or a hard limit of 0 already used. */
export function nearLimit(rows: readonly QuotaUsage[]): string[] {
  return rows
    .filter((r) => (r.percent ?? (quantityValue(r.used) > 0 ? 100 : 0)) >= NEAR_LIMIT_PERCENT)
    .map((r) => `${r.resource} ${r.used}/${r.hard}${r.percent !== undefined ? ` (${r.percent}%)` : ""} in ${r.quota}`);
}
