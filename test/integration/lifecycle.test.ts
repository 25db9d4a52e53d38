/**
 * The incident lifecycle end to end on the real apiserver, with the rule
 * engine and the built-in plugins: an alert arrives through intake, the
 * operator diagnoses, proposes, checks policy, executes, verifies.
 */
import { AppsV1Api, CoordinationV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import { deploymentManifest, simulate } from "../fixtures/scenarios.js";
import { ADMIN_USER, adminKube, eventually, kubectl } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);

/** A Deployment whose pods are OOMKilled while their memory limit is 128Mi. */
async function leakyDeployment(namespace: string, name: string): Promise<V1Pod> {
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name, { annotations: simulate("oom-killed", { "oom-limit": "128Mi" }) }) });
  return eventually("an OOMKilled pod", async () => {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    return pods.items.find((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled");
  });
}

const alertFor = (namespace: string, pod: V1Pod): string =>
  `[告警] Pod OOMKilled\n服务: user-service\n命名空间: ${namespace}\nPod: ${pod.metadata!.name}\n级别: high`;

const memoryLimit = async (namespace: string, name: string): Promise<string | undefined> =>
  (await apps.readNamespacedDeployment({ name, namespace })).spec?.template.spec?.containers[0]?.resources?.limits?.memory;

describe("an OOMKilled Deployment, within policy", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("is diagnosed, fixed by raising the memory limit, verified and resolved", async () => {
    const pod = await leakyDeployment(s.appNs, "user-service");
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message: alertFor(s.appNs, pod), sender_id: "alert_bot" });
    const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed"], 150_000);
    expect(incident.status?.phase).toBe("resolved");

    const status = incident.status!;
    expect(status.diagnosis?.conclusion).toContain("OOMKilled");
    expect(status.diagnosis?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(status.proposal?.steps[0]).toMatchObject({ plugin: "set_container_resources", parameters: { memory_limit: "256Mi" } });
    expect(status.policy?.verdict).toBe("auto_execute");
    expect(status.execution?.steps[0]).toMatchObject({ state: "succeeded", dryRun: "passed" });
    expect(status.resolution).toBe("fixed");
    expect(status.observedGeneration).toBe(incident.metadata.generation);

    expect(await memoryLimit(s.appNs, "user-service")).toBe("256Mi");
    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: s.appNs, labelSelector: "app=user-service" });
    expect(replicaSets.items.length).toBe(2);

    const types: string[] = status.timeline!.map((e) => e.type);
    const order = ["alert_received", "diagnosis_started", "tool_call", "diagnosis_completed", "proposal_created", "policy_evaluated", "execution_started", "step_started", "step_completed", "execution_completed", "verification_completed", "incident_resolved"];
    expect(order.map((t) => types.indexOf(t))).toEqual([...order.map((t) => types.indexOf(t))].sort((a, b) => a - b));
    expect(types).not.toContain("escalated");
    expect(status.timeline!.find((e) => e.type === "tool_call")?.data).toHaveProperty("tool");

    const events = await kubectl(["get", "events", "-n", s.installNs, "--field-selector", `involvedObject.name=${incidentId.toLowerCase()}`, "-o", "jsonpath={.items[*].reason}"]);
    expect(events.split(" ")).toEqual(expect.arrayContaining(["Diagnosing", "Executing", "Verifying", "Resolved"]));
    expect(incident.metadata.finalizers).toContain("kubefix.io/dedupe-claim");
  });

  it("deleting an incident releases its dedupe claim, then the incident goes", async () => {
    const [incident] = (await s.incidents.list()).items;
    const claim = `kubefix-dedupe-${incident!.spec.fingerprint}`;
    const leases = kc.makeApiClient(CoordinationV1Api);
    expect((await leases.readNamespacedLease({ name: claim, namespace: s.installNs })).spec?.holderIdentity).toBe(incident!.metadata.name);
    await s.incidents.delete(incident!.metadata.name!);
    await eventually("the incident deleted", async () => ((await s.incidents.list()).items.length === 0 ? true : undefined));
    const gone = await leases.readNamespacedLease({ name: claim, namespace: s.installNs }).then(() => false, () => true);
    expect(gone).toBe(true);
  });
});

describe("policy and approval", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ policy: { autoExecuteMaxRisk: "low" } });
  });
  afterAll(async () => s.operator.stop());

  it("waits for approval above the auto-execution risk, and a kubectl patch approves it", async () => {
    const pod = await leakyDeployment(s.appNs, "user-service");
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message: alertFor(s.appNs, pod) });
    const waiting = await phaseOf(s, incidentId, ["awaiting_approval", "escalated", "resolved"]);
    expect(waiting.status?.phase).toBe("awaiting_approval");
    expect(waiting.status?.policy?.reasons.join(" ")).toContain("above the auto-execution limit");
    expect(await memoryLimit(s.appNs, "user-service")).toBe("128Mi");

    // The decisions admission policy holds `by` to the patching user: the admin kubeconfig's.
    const patch = { spec: { decisions: [{ action: "approve", by: ADMIN_USER, via: "kubectl", at: new Date().toISOString().replace(/\.\d+Z$/, "Z") }] } };
    await kubectl(["patch", "incident", incidentId.toLowerCase(), "-n", s.installNs, "--type=merge", "-p", JSON.stringify(patch)]);
    const done = await phaseOf(s, incidentId, ["resolved", "escalated", "failed"], 150_000);
    expect(done.status?.phase).toBe("resolved");
    expect(done.status?.timeline?.find((e) => e.type === "approved")?.data).toMatchObject({ by: ADMIN_USER, via: "kubectl" });
    expect(await memoryLimit(s.appNs, "user-service")).toBe("256Mi");
  });

  it("a rejection ends the incident as rejected and changes nothing", async () => {
    const pod = await leakyDeployment(s.appNs, "billing");
    const message = `[告警] Pod OOMKilled\n服务: billing\n命名空间: ${s.appNs}\nPod: ${pod.metadata!.name}`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message });
    await phaseOf(s, incidentId, ["awaiting_approval"]);
    await s.incidents.patch(incidentId.toLowerCase(), {
      spec: { decisions: [{ action: "reject", by: "bob", via: "api", at: "2026-01-15T10:30:00Z", comment: "not during the sale" }] },
    });
    const done = await phaseOf(s, incidentId, ["rejected", "resolved", "escalated"]);
    expect(done.status?.phase).toBe("rejected");
    expect(done.status?.timeline?.at(-1)?.message).toContain("not during the sale");
    expect(await memoryLimit(s.appNs, "billing")).toBe("128Mi");
  });
});

describe("outside policy", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ allowApp: false });
  });
  afterAll(async () => s.operator.stop());

  it("a namespace that is not allowed is never touched: the incident is escalated with the reason", async () => {
    const pod = await leakyDeployment(s.appNs, "user-service");
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message: alertFor(s.appNs, pod) });
    const done = await phaseOf(s, incidentId, ["escalated", "resolved"]);
    expect(done.status?.phase).toBe("escalated");
    expect(done.status?.policy?.verdict).toBe("deny");
    expect(done.status?.policy?.reasons.join(" ")).toContain(`namespace ${s.appNs} is not in the allowed namespaces`);
    expect(done.status?.execution).toBeUndefined();
    expect(await memoryLimit(s.appNs, "user-service")).toBe("128Mi");
  });
});
