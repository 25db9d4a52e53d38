/**
 * spec.decisions on the real apiserver: the CRD's append-only rule and the
 * decisions ValidatingAdmissionPolicy the harness installs (writers: the
 * admin kubeconfig's user, as which the test facade and operator run).
 * Every refusal is checked on the cluster afterwards: the incident untouched.
 */
import { AdmissionregistrationV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPROVER_ROLE } from "../../api/auth/roles.js";
import { startApi, type RunningApi } from "../../api/server.js";
import { DECISION_POLICY, KUBECTL_BY_RULE, KUBEFIX_ROUTE_RULE } from "../../crds/decision-admission.js";
import { DECISIONS_APPEND_ONLY, type Decision } from "../../crds/index.js";
import { apiErrorMessage, apiStatusCode } from "../../lib/kube/client.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { incidentFixture } from "../fixtures/resources.js";
import { TEST_USER } from "../harness/control-plane.js";
import { applyUserRoles, userToken } from "../harness/api-users.js";
import { call } from "./api-setup.js";
import { ADMIN_USER, adminKube, createNamespace, eventually, userKube } from "./helpers.js";

const AT = "2026-01-15T10:30:00Z";
const decision = (by: string, via: Decision["via"], extra: Partial<Decision> = {}): Decision => ({ action: "approve", by, via, at: AT, ...extra });

let ns: string;
let admin: KindClient<Incident, IncidentInput>;
let user: KindClient<Incident, IncidentInput>;
let seq = 100;

/** The outcome of a write: "ok", or the HTTP status and the apiserver's message. */
async function attempt(write: Promise<unknown>): Promise<{ status: number | "ok"; message: string }> {
  try {
    await write;
    return { status: "ok", message: "" };
  } catch (err) {
    return { status: apiStatusCode(err) ?? -1, message: apiErrorMessage(err) };
  }
}

/** A new incident, created by the admin (a kubefix identity here), holding `decisions`. */
async function incidentWith(decisions: Decision[]): Promise<Incident> {
  return admin.create(incidentFixture(seq++, decisions.length ? { decisions } : {}));
}

beforeAll(async () => {
  const kc = adminKube();
  ns = await createNamespace("dec");
  // TEST_USER stands for a person: it may edit incidents in this namespace and is no kubefix identity.
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: ns,
    body: { metadata: { name: "incident-editor" }, rules: [{ apiGroups: ["kubefix.io"], resources: ["incidents"], verbs: ["get", "list", "create", "patch", "update"] }] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: "incident-editor" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "incident-editor" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: TEST_USER }],
    },
  });
  admin = new KindClient(kc, INCIDENTS, ns);
  user = new KindClient(userKube(), INCIDENTS, ns);
});

describe("the decisions admission policy as installed", () => {
  it("is served by admissionregistration.k8s.io/v1 and type-checks without warnings", async () => {
    const api = adminKube().makeApiClient(AdmissionregistrationV1Api);
    // kube-controller-manager type-checks the policy and records it in status.
    const policy = await eventually("the policy to be type-checked", async () => {
      const p = await api.readValidatingAdmissionPolicy({ name: DECISION_POLICY });
      return p.status?.observedGeneration === p.metadata?.generation && p.status?.typeChecking ? p : undefined;
    });
    expect(policy.spec?.failurePolicy).toBe("Fail");
    expect(policy.status?.typeChecking?.expressionWarnings ?? []).toEqual([]);
  });
});

describe("spec.decisions is append-only", () => {
  let inc: Incident;
  const first = decision(ADMIN_USER, "kubectl", { comment: "first" });
  const second = decision(ADMIN_USER, "api", { action: "reject", comment: "second" });

  beforeAll(async () => {
    inc = await incidentWith([first, second]);
  });

  it.each([
    ["rewriting an entry", () => [{ ...first, comment: "edited" }, second]],
    ["changing who decided", () => [{ ...first, by: "someone-else" }, second]],
    ["removing the last entry", () => [first]],
    ["removing the first entry", () => [second]],
    ["reordering", () => [second, first]],
    ["replacing the list with a longer one", () => [second, first, decision(ADMIN_USER, "kubectl")]],
    ["emptying the list", () => []],
    ["removing the field", () => null],
  ])("%s is refused with 422 naming the rule, even for kubefix's own identity, and nothing changes", async (_name, decisions) => {
    const outcome = await attempt(admin.patch(inc.metadata.name!, { spec: { decisions: decisions() } }));
    expect(outcome.status).toBe(422);
    expect(outcome.message).toContain(DECISIONS_APPEND_ONLY);
    expect(outcome.message).toContain("spec.decisions");
    const after = await admin.get(inc.metadata.name!);
    expect(after.metadata.resourceVersion).toBe(inc.metadata.resourceVersion);
    expect(after.spec.decisions).toEqual([first, second]);
  });

  it("appending at the end is accepted", async () => {
    const third = decision(ADMIN_USER, "kubectl", { action: "ignore" });
    const updated = await admin.patch(inc.metadata.name!, { spec: { decisions: [first, second, third] } });
    expect(updated.spec.decisions).toEqual([first, second, third]);
    inc = updated;
  });

  it("a write that leaves the decisions alone is accepted", async () => {
    const updated = await admin.patch(inc.metadata.name!, { spec: { occurrences: 2 } });
    expect(updated.spec.occurrences).toBe(2);
    expect(updated.spec.decisions).toHaveLength(3);
  });
});

describe("on the kubectl route, by is the requesting user", () => {
  it("a decision by the patching user is accepted", async () => {
    const inc = await incidentWith([]);
    const updated = await user.patch(inc.metadata.name!, { spec: { decisions: [decision(TEST_USER, "kubectl")] } });
    expect(updated.spec.decisions).toEqual([decision(TEST_USER, "kubectl")]);
  });

  it("a decision naming someone else is refused with 422 naming the rule and the user, and nothing changes", async () => {
    const inc = await incidentWith([]);
    const outcome = await attempt(user.patch(inc.metadata.name!, { spec: { decisions: [decision("alice", "kubectl")] } }));
    expect(outcome.status).toBe(422);
    expect(outcome.message).toContain(KUBECTL_BY_RULE);
    expect(outcome.message).toContain(TEST_USER);
    const after = await admin.get(inc.metadata.name!);
    expect(after.metadata.resourceVersion).toBe(inc.metadata.resourceVersion);
    expect(after.spec.decisions).toBeUndefined();
  });

  it("kubefix's own identity is held to it too", async () => {
    const inc = await incidentWith([]);
    const outcome = await attempt(admin.patch(inc.metadata.name!, { spec: { decisions: [decision("alice", "kubectl")] } }));
    expect(outcome.status).toBe(422);
    expect(outcome.message).toContain(KUBECTL_BY_RULE);
  });

  it("an earlier decision by someone else does not block appending one's own", async () => {
    const inc = await incidentWith([decision(ADMIN_USER, "kubectl")]);
    const both = [decision(ADMIN_USER, "kubectl"), decision(TEST_USER, "kubectl", { action: "reject" })];
    const updated = await user.patch(inc.metadata.name!, { spec: { decisions: both } });
    expect(updated.spec.decisions).toEqual(both);
  });

  it("creating an incident that already holds a forged kubectl decision is refused", async () => {
    const outcome = await attempt(user.create(incidentFixture(seq++, { decisions: [decision("alice", "kubectl")] })));
    expect(outcome.status).toBe(422);
    expect(outcome.message).toContain(KUBECTL_BY_RULE);
  });
});

describe("via api and via lark are kubefix's own routes", () => {
  it.each([["api"], ["lark"]] as const)("a person writing a via %s decision is refused with 422 naming the rule, and nothing changes", async (via) => {
    const inc = await incidentWith([]);
    const outcome = await attempt(user.patch(inc.metadata.name!, { spec: { decisions: [decision(TEST_USER, via)] } }));
    expect(outcome.status).toBe(422);
    expect(outcome.message).toContain(KUBEFIX_ROUTE_RULE);
    const after = await admin.get(inc.metadata.name!);
    expect(after.metadata.resourceVersion).toBe(inc.metadata.resourceVersion);
  });

  it("kubefix's identity may write one on behalf of another user", async () => {
    const inc = await incidentWith([]);
    const updated = await admin.patch(inc.metadata.name!, { spec: { decisions: [decision("ou_lark_user", "lark")] } });
    expect(updated.spec.decisions).toEqual([decision("ou_lark_user", "lark")]);
  });
});

describe("the REST approve route, writing as the facade", () => {
  let api: RunningApi;
  let approver: string;

  beforeAll(async () => {
    const kc = adminKube();
    api = await startApi({ kc, namespace: ns, address: "127.0.0.1:0", databasePath: ":memory:", version: "0.1.0" });
    await applyUserRoles(kc);
    approver = await userToken(kc, { namespace: ns, name: "approver", clusterRole: APPROVER_ROLE });
  });
  afterAll(async () => api?.close());

  it("records the approver's decision via api, which the policy lets the facade write", async () => {
    const inc = await incidentWith([]);
    await admin.patchStatus(inc.metadata.name!, {
      status: { phase: "awaiting_approval", processedDecisions: 0, proposal: { revision: 1, description: "raise memory", steps: [{ plugin: "set_container_resources", description: "x" }], riskLevel: "medium", estimatedDuration: "1m", rollbackPlan: "lower it", proposedAt: AT } },
    });
    const reply = await call(api, "POST", `/api/incidents/${inc.spec.id}/approve`, { token: approver, body: { comment: "LGTM" } });
    expect(reply.status, reply.text).toBe(200);
    const after = await admin.get(inc.metadata.name!);
    expect(after.spec.decisions).toEqual([
      expect.objectContaining({ action: "approve", via: "api", by: `system:serviceaccount:${ns}:approver`, comment: "LGTM", proposalRevision: 1 }),
    ]);
  });
});
