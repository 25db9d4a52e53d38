/**
 * The ValidatingAdmissionPolicy that guards who may add a decision to an
 * Incident: on the kubectl route `by` is the requesting user, and only
 * kubefix's own identities (the REST facade, the operator) may add decisions
 * that claim to come from the API or Lark. The CRD's append-only rule
 * (crds/incident.ts) runs first, so "new" is simply "past the old length".
 */
import { GROUP } from "./common.js";

/** Name of the policy and of its binding. */
export const DECISION_POLICY = "kubefix-decisions";

/** The messages of the two rules; tests and docs name them. */
export const KUBECTL_BY_RULE = 'spec.decisions: a new decision with via "kubectl" must have by equal to the requesting user';
export const KUBEFIX_ROUTE_RULE =
  'spec.decisions: only kubefix\'s own identities may add a decision with via "api" or "lark"; people add theirs with via "kubectl"';

export interface DecisionAdmissionOptions {
  /**
   * Usernames of kubefix's own identities, as the apiserver names them
   * (`system:serviceaccount:<namespace>:<name>` for a ServiceAccount).
   */
  writers: readonly string[];
}

// A username becomes a CEL string literal; anything that could end or escape it is refused.
const SAFE_USERNAME = /^[A-Za-z0-9:@._+=/-]{1,256}$/;

/** The writers as a CEL list literal, e.g. `["system:serviceaccount:kubefix-system:kubefix"]`. */
export function writersLiteral(writers: readonly string[]): string {
  for (const w of writers) {
    if (!SAFE_USERNAME.test(w)) throw new Error(`not a username kubefix can put in a policy: ${JSON.stringify(w)}`);
  }
  return `[${writers.map((w) => `"${w}"`).join(", ")}]`;
}

const KUBECTL_BY_EXPRESSION =
  "variables.decisions.all(i, d, i < variables.known || d.via != 'kubectl' || d.by == request.userInfo.username)";
const KUBEFIX_ROUTE_EXPRESSION =
  "request.userInfo.username in variables.writers || variables.decisions.all(i, d, i < variables.known || d.via == 'kubectl')";

/** The policy. The writer list is part of it (cluster-scoped, so only a cluster admin can widen it). */
export function decisionPolicy(opts: DecisionAdmissionOptions): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: DECISION_POLICY, labels: { "app.kubernetes.io/name": "kubefix", "app.kubernetes.io/part-of": "kubefix" } },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        // The status subresource is not matched: it cannot change spec.
        resourceRules: [{ apiGroups: [GROUP], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["incidents"] }],
      },
      variables: [
        { name: "decisions", expression: "has(object.spec) && has(object.spec.decisions) ? object.spec.decisions : []" },
        {
          name: "known",
          expression: "oldObject != null && has(oldObject.spec) && has(oldObject.spec.decisions) ? oldObject.spec.decisions.size() : 0",
        },
        { name: "writers", expression: writersLiteral(opts.writers) },
      ],
      validations: [
        {
          expression: KUBECTL_BY_EXPRESSION,
          message: KUBECTL_BY_RULE,
          messageExpression: `'${KUBECTL_BY_RULE}; the requesting user is ' + request.userInfo.username`,
          reason: "Invalid",
        },
        { expression: KUBEFIX_ROUTE_EXPRESSION, message: KUBEFIX_ROUTE_RULE, reason: "Invalid" },
      ],
    },
  };
}

/** The binding that enforces the policy everywhere incidents live. */
export function decisionPolicyBinding(): Record<string, unknown> {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name: DECISION_POLICY, labels: { "app.kubernetes.io/name": "kubefix", "app.kubernetes.io/part-of": "kubefix" } },
    spec: { policyName: DECISION_POLICY, validationActions: ["Deny"] },
  };
}

/**
 * The identities the committed manifest names: the ServiceAccount the chart
 * will run the facade and the operator as, in the default install namespace.
 * The chart renders the policy with its own list.
 */
export const DEFAULT_WRITERS = ["system:serviceaccount:kubefix-system:kubefix"] as const;
