/**
 * The controller runtime's building blocks on the real apiserver: an
 * informer that survives errors, status writes that only happen on change,
 * and Events that aggregate repeats.
 */
import { CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiStatusCode } from "../../lib/kube/client.js";
import { EventRecorder } from "../../lib/kube/event-recorder.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { ResilientInformer, type InformerEvent } from "../../lib/controller/informer.js";
import { writeStatusIfChanged } from "../../lib/controller/status-writer.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { incidentFixture } from "../fixtures/resources.js";
import { adminKube, createNamespace, eventually, userKube } from "./helpers.js";

let ns = "";
let incidents: KindClient<Incident, IncidentInput>;

beforeAll(async () => {
  ns = await createNamespace("rt");
  incidents = new KindClient(adminKube(), INCIDENTS, ns);
});

function incidentInformer(kc = adminKube()): ResilientInformer<Incident> {
  const client = new KindClient<Incident, IncidentInput>(kc, INCIDENTS, ns);
  return new ResilientInformer<Incident>({
    kc,
    name: "incidents",
    path: `/apis/kubefix.io/v1alpha1/namespaces/${ns}/incidents`,
    list: () => client.list(),
    backoff: { baseMs: 100, maxMs: 400 },
  });
}

async function grantReadIncidents(user: string): Promise<void> {
  const rbac = adminKube().makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: "read-incidents" },
      rules: [{ apiGroups: ["kubefix.io"], resources: ["incidents"], verbs: ["get", "list", "watch"] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: "read-incidents" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "read-incidents" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
    },
  });
}

describe("ResilientInformer", () => {
  const informers: ResilientInformer<Incident>[] = [];
  afterAll(async () => {
    for (const informer of informers) await informer.stop();
  });

  it("syncs the existing objects, then delivers adds, updates and deletes", async () => {
    await incidents.create(incidentFixture(101));
    const informer = incidentInformer();
    informers.push(informer);
    const seen: [InformerEvent, string][] = [];
    informer.on((event, obj) => seen.push([event, obj.metadata.name ?? ""]));
    await informer.start();
    expect(informer.hasSynced).toBe(true);
    expect(informer.list().map((i) => i.metadata.name)).toContain("inc-20260115-101");

    await incidents.create(incidentFixture(102));
    await incidents.patch("inc-20260115-102", { spec: { title: "changed" } });
    await incidents.delete("inc-20260115-102");
    await eventually("add, update and delete of 102", () =>
      ["add", "update", "delete"].every((e) => seen.some(([ev, n]) => ev === e && n === "inc-20260115-102")) ? true : undefined,
    );
    expect(informer.get("inc-20260115-102", ns)).toBeUndefined();
  });

  it("keeps retrying a list that is refused, and syncs once access is granted", async () => {
    const informer = incidentInformer(userKube());
    informers.push(informer);
    const started = informer.start();
    await eventually("two failed attempts", () => (informer.consecutiveFailures >= 2 ? true : undefined));
    expect(informer.hasSynced).toBe(false);

    await grantReadIncidents("kubefix-test-user");
    await started;
    expect(informer.hasSynced).toBe(true);
    expect(informer.consecutiveFailures).toBe(0);
    expect(informer.list().map((i) => i.metadata.name)).toContain("inc-20260115-101");
  });
});

describe("writeStatusIfChanged", () => {
  it("writes a changed status with observedGeneration, and skips an unchanged one", async () => {
    const created = await incidents.create(incidentFixture(110));
    const written = await writeStatusIfChanged(incidents, created, { phase: "new" });
    expect(written?.status).toEqual({ phase: "new", observedGeneration: 1 });

    const again = await writeStatusIfChanged(incidents, written!, { phase: "new" });
    expect(again).toBeUndefined();
    const current = await incidents.get("inc-20260115-110");
    expect(current.metadata.resourceVersion).toBe(written!.metadata.resourceVersion);
  });

  it("removes fields that the new status no longer has", async () => {
    const created = await incidents.create(incidentFixture(111));
    const first = await writeStatusIfChanged(incidents, created, { phase: "diagnosing", resolution: "temp" });
    const second = await writeStatusIfChanged(incidents, first!, { phase: "proposing" });
    expect(second?.status).toEqual({ phase: "proposing", observedGeneration: 1 });
  });

  it("refuses to write over a newer version (409)", async () => {
    const created = await incidents.create(incidentFixture(112));
    await writeStatusIfChanged(incidents, created, { phase: "new" });
    const code = await writeStatusIfChanged(incidents, created, { phase: "diagnosing" }).then(
      () => 0,
      (err: unknown) => apiStatusCode(err),
    );
    expect(code).toBe(409);
    expect((await incidents.get("inc-20260115-112")).status?.phase).toBe("new");
  });
});

describe("EventRecorder", () => {
  it("records an Event on the incident and counts repeats instead of duplicating", async () => {
    const incident = await incidents.create(incidentFixture(120));
    const recorder = new EventRecorder(adminKube(), "kubefix-operator");
    await recorder.record(incident, "Normal", "DiagnosisStarted", "diagnosing with the rule engine");
    await recorder.record(incident, "Normal", "DiagnosisStarted", "diagnosing with the rule engine");
    await recorder.record(incident, "Warning", "PolicyDenied", "namespace kube-system is not allowed");

    const list = await adminKube()
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.uid=${incident.metadata.uid}` });
    const byReason = new Map(list.items.map((e) => [e.reason, e]));
    expect(list.items).toHaveLength(2);
    expect(byReason.get("DiagnosisStarted")?.count).toBe(2);
    expect(byReason.get("PolicyDenied")?.type).toBe("Warning");
    expect(byReason.get("PolicyDenied")?.involvedObject.kind).toBe("Incident");
    expect(byReason.get("PolicyDenied")?.source?.component).toBe("kubefix-operator");
  });
});
