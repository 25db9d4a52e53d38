/** Label selectors: as list_pods arguments, and matched against pods. */
import type { V1LabelSelector, V1LabelSelectorRequirement } from "@kubernetes/client-node";

type Labels = Record<string, string> | undefined;

function requirementString(req: V1LabelSelectorRequirement): string {
  const values = (req.values ?? []).join(",");
  switch (req.operator) {
    case "In":
      return `${req.key} in (${values})`;
    case "NotIn":
      return `${req.key} notin (${values})`;
    case "DoesNotExist":
      return `!${req.key}`;
    default:
      return req.key;
  }
}

/** A selector as the label_selector string the apiserver takes, e.g. "app=web,tier in (a,b)". */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map(requirementString);
  return [...labels, ...expressions].join(",");
}

/** A Service-style equality selector as a label_selector string. */
export const mapSelectorString = (selector: Record<string, string> | undefined): string =>
  selectorString({ matchLabels: selector ?? {} });

function requirementHolds(labels: Labels, req: V1LabelSelectorRequirement): boolean {
  const value = labels?.[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    default:
      return value === undefined;
  }
}

/** True when the labels satisfy every term of the selector. */
export function matchesSelector(labels: Labels, selector: V1LabelSelector | undefined): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
  return byLabel && (selector?.matchExpressions ?? []).every((req) => requirementHolds(labels, req));
}
