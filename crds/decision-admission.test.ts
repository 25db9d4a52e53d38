import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decisionPolicy, decisionPolicyBinding, DEFAULT_WRITERS, writersLiteral } from "./decision-admission.js";
import { admissionPolicyPath, renderAdmissionPolicy } from "./generate.js";
import { IncidentSpec } from "./incident.js";

type Json = Record<string, unknown>;

describe("writersLiteral", () => {
  it.each([
    [["system:serviceaccount:kubefix-system:kubefix"], '["system:serviceaccount:kubefix-system:kubefix"]'],
    [["kubefix-admin", "oidc:ops@example.com"], '["kubefix-admin", "oidc:ops@example.com"]'],
    [[], "[]"],
  ])("renders %j as a CEL list", (writers, literal) => {
    expect(writersLiteral(writers)).toBe(literal);
  });

  it.each([['a" || true || "b'], ["back\\slash"], ["new\nline"], [""], ["x".repeat(257)]])(
    "refuses %j, which could escape the literal or is no username",
    (bad) => {
      expect(() => writersLiteral([bad])).toThrow(/not a username/);
    },
  );
});

describe("the decisions admission policy", () => {
  const policy = decisionPolicy({ writers: ["kubefix-admin"] });
  const spec = policy.spec as Json;

  it("fails closed and matches creates and updates of incidents, not the status subresource", () => {
    expect(spec.failurePolicy).toBe("Fail");
    const rules = (spec.matchConstraints as Json).resourceRules as Json[];
    expect(rules).toEqual([{ apiGroups: ["kubefix.io"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["incidents"] }]);
  });

  it("carries the writer list in the policy itself", () => {
    const writers = (spec.variables as Json[]).find((v) => v.name === "writers");
    expect(writers?.expression).toBe('["kubefix-admin"]');
  });

  it("has a binding that denies, without parameters", () => {
    expect(decisionPolicyBinding().spec).toEqual({ policyName: "kubefix-decisions", validationActions: ["Deny"] });
  });

  it("is committed as generated (make verify-manifests)", () => {
    expect(readFileSync(admissionPolicyPath, "utf8")).toBe(renderAdmissionPolicy(DEFAULT_WRITERS));
  });
});

describe("the append-only rule of spec.decisions", () => {
  it("sits on spec (so removing the whole list is checked too) and names the field", () => {
    const schema = IncidentSpec.toJSONSchema() as Json;
    const rules = schema["x-kubernetes-validations"] as Json[];
    expect(rules).toEqual([expect.objectContaining({ fieldPath: ".decisions", reason: "FieldValueForbidden" })]);
    expect(String(rules[0]!.rule)).toContain("oldSelf.decisions.all(i, d, self.decisions[i] == d)");
  });
});
