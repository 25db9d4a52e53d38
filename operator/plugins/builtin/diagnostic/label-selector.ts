/** Label selectors of workload and Service specs as the label_selector strings list calls take. */
import type { V1LabelSelector, V1LabelSelectorRequirement } from "@kubernetes/client-node";

function requirement(r: V1LabelSelectorRequirement): string {
  const values = (r.values ?? []).join(",");
  switch (r.operator) {
    case "In":
      return `${r.key} in (${values})`;
    case "NotIn":
      return `${r.key} notin (${values})`;
    case "Exists":
      return r.key;
    default:
      return `!${r.key}`;
  }
}

/** "app=web,tier in (a,b)"; undefined for a missing or empty selector, which selects nothing in a workload. */
export function selectorString(selector: V1LabelSelector | undefined): string | undefined {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector?.matchExpressions ?? []).map(requirement),
  ];
  return parts.length > 0 ? parts.join(",") : undefined;
}

/** A Service-style equality selector ({app: "web"}) as "app=web"; undefined when empty. */
export function mapSelectorString(labels: Record<string, string> | undefined): string | undefined {
  return selectorString({ matchLabels: labels ?? {} });
}
