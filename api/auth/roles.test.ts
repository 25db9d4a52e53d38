import { readFileSync } from "node:fs";
import type { V1PolicyRule } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { facadeServiceAccountRules, userClusterRoles } from "./roles.js";
import { renderUserRoles, userRolesPath } from "./write-roles.js";

type Attr = [verb: string, group: string, resource: string, name?: string];

// RBAC's own matching, reduced to what these roles use (no wildcards).
const ruleAllows = (rule: V1PolicyRule, [verb, group, resource, name]: Attr): boolean =>
  rule.verbs.includes(verb) &&
  (rule.apiGroups ?? []).includes(group) &&
  (rule.resources ?? []).includes(resource) &&
  (!rule.resourceNames?.length || (name !== undefined && rule.resourceNames.includes(name)));

const roles = new Map(userClusterRoles().map((r) => [r.metadata!.name!, r]));
const allows = (role: string, attr: Attr): boolean => roles.get(role)!.rules!.some((rule) => ruleAllows(rule, attr));

const K = "kubefix.io";
const ROLES = ["kubefix-viewer", "kubefix-approver", "kubefix-alert-sender", "kubefix-admin"] as const;

describe("user ClusterRoles", () => {
  it("are the four documented roles", () => {
    expect([...roles.keys()]).toEqual(ROLES);
  });

  // Columns: viewer, approver, alert-sender, admin.
  it.each<[Attr, [boolean, boolean, boolean, boolean]]>([
    [["list", K, "incidents"], [true, true, false, true]],
    [["watch", K, "plugins"], [true, true, false, true]],
    [["get", K, "knowledgeentries", "kb-1"], [true, true, false, true]],
    [["create", K, "incidents"], [false, false, true, true]],
    [["update", K, "incidents"], [false, false, false, false]],
    [["update", K, "incidents/approval", "INC-1"], [false, true, false, true]],
    [["create", K, "knowledgeentries"], [false, false, false, true]],
    [["delete", K, "knowledgeentries", "kb-1"], [false, false, false, true]],
    [["update", K, "plugins", "p"], [false, false, false, false]],
    [["get", "", "configmaps", "kubefix-config"], [true, true, false, true]],
    [["get", "", "configmaps", "kubefix-environment-context"], [true, true, false, true]],
    [["get", "", "configmaps", "other"], [false, false, false, false]],
    [["list", "", "configmaps"], [false, false, false, false]],
    [["patch", "", "configmaps", "kubefix-config"], [false, false, false, true]],
    [["get", "", "secrets", "kubefix-secrets"], [false, false, false, true]],
    [["update", "", "secrets", "kubefix-secrets"], [false, false, false, true]],
    [["get", "", "secrets", "other"], [false, false, false, false]],
    [["list", "", "secrets"], [false, false, false, false]],
  ])("%j is allowed for %j", (attr, expected) => {
    expect(ROLES.map((role) => allows(role, attr))).toEqual(expected);
  });

  it.each(ROLES)("%s is part of kubefix", (name) => {
    expect(roles.get(name)!.metadata!.labels).toMatchObject({ "app.kubernetes.io/part-of": "kubefix" });
  });

  it.each<[string, string | undefined]>([
    ["kubefix-viewer", "view"],
    ["kubefix-approver", "edit"],
    ["kubefix-alert-sender", undefined],
    ["kubefix-admin", "admin"],
  ])("%s aggregates to %s only", (name, target) => {
    const aggregated = Object.keys(roles.get(name)!.metadata!.labels!)
      .filter((l) => l.startsWith("rbac.authorization.k8s.io/aggregate-to-"))
      .map((l) => l.split("aggregate-to-")[1]);
    expect(aggregated).toEqual(target ? [target] : []);
  });

  it("never lets secrets reach view or edit", () => {
    const touchesSecrets = (rules: V1PolicyRule[]): boolean => rules.some((r) => r.resources?.includes("secrets"));
    for (const role of roles.values()) {
      const labels = role.metadata!.labels!;
      const viewOrEdit = ["view", "edit"].some((t) => labels[`rbac.authorization.k8s.io/aggregate-to-${t}`]);
      if (viewOrEdit) expect(touchesSecrets(role.rules!), role.metadata!.name).toBe(false);
    }
  });
});

describe("deploy/user-roles.yaml", () => {
  it("is what write-roles.ts renders (run `npx tsx api/auth/write-roles.ts`)", () => {
    expect(readFileSync(userRolesPath, "utf8")).toBe(renderUserRoles());
  });

  it("parses back to the roles", () => {
    const docs = parseAllDocuments(renderUserRoles()).map((d) => d.toJS() as unknown);
    expect(docs).toEqual(userClusterRoles());
  });
});

describe("facadeServiceAccountRules", () => {
  it("lets the facade create TokenReviews and SubjectAccessReviews, nothing else", () => {
    const rules = facadeServiceAccountRules();
    expect(rules.some((r) => ruleAllows(r, ["create", "authentication.k8s.io", "tokenreviews"]))).toBe(true);
    expect(rules.some((r) => ruleAllows(r, ["create", "authorization.k8s.io", "subjectaccessreviews"]))).toBe(true);
    expect(rules.flatMap((r) => r.verbs)).toEqual(["create", "create"]);
  });
});
