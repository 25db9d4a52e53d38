/**
 * The user-facing ClusterRoles of kubefix, as data: deploy/user-roles.yaml,
 * the README and a future Helm chart are all generated from here, so they
 * cannot drift from the checks the facade makes.
 *
 * Aggregation into the built-in roles, and why:
 * - kubefix-viewer -> `view`: reading incidents, plugins, knowledge and the
 *   non-secret config is what `view` means. (`view` aggregates into `edit`,
 *   and `edit` into `admin`, so they get it too.)
 * - kubefix-approver -> `edit`: whoever may edit the install namespace can
 *   already change the operator's Deployment, and a cluster-wide editor can
 *   already change the workloads a remediation touches; approving gives
 *   neither anything new.
 * - kubefix-admin -> `admin`: it may read and write the kubefix-secrets
 *   Secret, so it must never reach `view` or `edit` (view never grants
 *   secrets; keep it that way).
 * - kubefix-alert-sender: no aggregation; it is meant for machines (the
 *   monitoring system), and humans who need it get kubefix-admin.
 * These roles only grant anything where they are bound: in the install
 * namespace, or cluster-wide.
 */
import type { V1ClusterRole, V1PolicyRule } from "@kubernetes/client-node";
import { GROUP } from "../../crds/common.js";
import { ENVIRONMENT_CONTEXT_CONFIGMAP, SETTINGS_CONFIGMAP, SETTINGS_SECRET } from "../../lib/settings/index.js";

export const VIEWER_ROLE = "kubefix-viewer";
export const APPROVER_ROLE = "kubefix-approver";
export const ALERT_SENDER_ROLE = "kubefix-alert-sender";
export const ADMIN_ROLE = "kubefix-admin";

// The object names are the settings store's own, so the roles always grant what the store writes.
export const CONFIG_MAP = SETTINGS_CONFIGMAP;
export const ENVIRONMENT_CONTEXT_MAP = ENVIRONMENT_CONTEXT_CONFIGMAP;
export const SECRETS = SETTINGS_SECRET;

const READ = ["get", "list", "watch"];
const AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";

const viewerRules = (): V1PolicyRule[] => [
  { apiGroups: [GROUP], resources: ["incidents", "plugins", "knowledgeentries"], verbs: READ },
  // resourceNames cannot limit list or watch, so the ConfigMaps are read one by one.
  { apiGroups: [""], resources: ["configmaps"], resourceNames: [CONFIG_MAP, ENVIRONMENT_CONTEXT_MAP], verbs: ["get"] },
];

const approverRules = (): V1PolicyRule[] => [
  ...viewerRules(),
  // A pseudo-subresource: the apiserver serves no such path, the facade asks RBAC about it before approving.
  { apiGroups: [GROUP], resources: ["incidents/approval"], verbs: ["update"] },
];

const alertSenderRules = (): V1PolicyRule[] => [{ apiGroups: [GROUP], resources: ["incidents"], verbs: ["create"] }];

const adminRules = (): V1PolicyRule[] => [
  ...approverRules(),
  ...alertSenderRules(),
  { apiGroups: [GROUP], resources: ["knowledgeentries"], verbs: ["create", "update", "patch", "delete"] },
  {
    apiGroups: [""],
    resources: ["configmaps"],
    resourceNames: [CONFIG_MAP, ENVIRONMENT_CONTEXT_MAP],
    verbs: ["update", "patch"],
  },
  { apiGroups: [""], resources: ["secrets"], resourceNames: [SECRETS], verbs: ["get", "update", "patch"] },
];

function clusterRole(name: string, aggregateTo: string | undefined, rules: V1PolicyRule[]): V1ClusterRole {
  const labels: Record<string, string> = { "app.kubernetes.io/part-of": "kubefix" };
  if (aggregateTo) labels[`${AGGREGATE}${aggregateTo}`] = "true";
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels }, rules };
}

/** The four user-facing ClusterRoles, least privileged first. */
export function userClusterRoles(): V1ClusterRole[] {
  return [
    clusterRole(VIEWER_ROLE, "view", viewerRules()),
    clusterRole(APPROVER_ROLE, "edit", approverRules()),
    clusterRole(ALERT_SENDER_ROLE, undefined, alertSenderRules()),
    clusterRole(ADMIN_ROLE, "admin", adminRules()),
  ];
}

/** What the facade's own ServiceAccount needs to authenticate and authorize its callers. */
export function facadeServiceAccountRules(): V1PolicyRule[] {
  return [
    { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
    { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
  ];
}
