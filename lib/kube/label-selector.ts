/**
 * Kubernetes label selectors (matchLabels and matchExpressions with In,
 * NotIn, Exists, DoesNotExist): as the label_selector string list calls
 * take, and matched against an object's labels. The one implementation
 * the diagnosis, the diagnostic plugins and verification share.
 */
import type { V1LabelSelector, V1LabelSelectorRequirement } from "@kubernetes/client-node";

type Labels = Record<string, string> | undefined;

function requirementString(req: V1LabelSelectorRequirement): string {
  const values = (req.values ?? []).join(",");
  switch (req.operator) {
    case "In":
      return `${req.key} in (${values})`;
    case "NotIn":
      return `${req.key} notin (${values})`;
    case "Exists":
      return req.key;
    case "DoesNotExist":
      return `!${req.key}`;
    default:
      // An operator the apiserver would have refused: "k,!k" selects nothing, never more than asked.
      return `${req.key},!${req.key}`;
  }
}

/** True for a missing selector or one without terms. */
export const isEmptySelector = (selector: V1LabelSelector | undefined): boolean =>
  Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;

/** A selector as the label_selector string the apiserver takes, e.g. "app=web,tier in (a,b)"; "" when empty. */
export function selectorString(selector: V1LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map(requirementString);
  return [...labels, ...expressions].join(",");
}

/** A Service-style equality selector ({app: "web"}) as a label_selector string; "" when empty. */
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
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

/**
 * True when the labels satisfy every term of the selector. An empty selector
 * matches everything, as the apiserver reads it; callers for which an empty
 * workload selector must select nothing check `isEmptySelector` first.
 */
export function matchesSelector(labels: Labels, selector: V1LabelSelector | undefined): boolean {
  const byLabel = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
  return byLabel && (selector?.matchExpressions ?? []).every((req) => requirementHolds(labels, req));
}
