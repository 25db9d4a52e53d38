/**
 * Stale evidence never drives a write (issue #8, item 2), against the real control plane with the
 * operator in-process: a weeks-old OOM kill on a pod healthy since proposes nothing, and a Node
 * NotReady alert is not turned into a memory change of a workload that once ran out of memory.
 *
 * The old OOM kill is written the way a kubelet reports it: a strategic merge patch of the pod's
 * status subresource with the whole containerStatuses list (the list has no merge key, so the
 * kubelet always sends all of it) carrying lastState.terminated {OOMKilled, 137, startedAt,
 * finishedAt weeks ago}, restartCount and a running state since.
 *
 * What kwok does with it (checked here before every alert, see `patchOldOom`): a pod without a
 * `kubefix.io/simulate` annotation goes through test/kwok/stages.yaml's pod-create (Pending) and
 * pod-ready (Running, Ready) stages once; both select on phase Pending, and no other pod stage
 * matches a Running, Ready pod not owned by a Job, so kwok never rewrites containerStatuses after
 * pod-ready and keeps what is patched once the pod is Running. The node lifecycle controller,
 * when the node stops reporting Ready, rewrites only the pod's Ready condition.
 */
import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Incident } from "../../lib/resources.js";
import { createIntake, type Intake } from "../../lib/intake/intake.js";
import { SettingsStore } from "../../lib/settings/config-store.js";
import { validateSettingsUpdate } from "../../lib/settings/validate.js";
import { fakeNode } from "../harness/control-plane.js";
import { deploymentManifest } from "../fixtures/scenarios.js";
import { adminKube, eventually } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const STRATEGIC = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
const WAIT = 100_000;
const TEST_TIMEOUT = 300_000;
const WEEKS_AGO = 21 * 24 * 3600_000;
/** Phases an incident rests in once diagnosed: nothing runs without a human after them. */
const SETTLED = ["escalated", "awaiting_approval", "awaiting_confirmation", "resolved", "failed"];

let s: OperatorSetup;
let intake: Intake;
const nodes: string[] = [];

const podsOf = async (namespace: string, app: string): Promise<V1Pod[]> =>
  (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;

const isReady = (p: V1Pod): boolean => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** Waits for the one Running, Ready pod of `app`: kwok's pod-ready stage has run. */
const runningPod = (namespace: string, app: string): Promise<V1Pod> =>
  eventually(`a ready pod of ${namespace}/${app}`, async () => (await podsOf(namespace, app)).find((p) => p.status?.phase === "Running" && isReady(p)), WAIT);

/** What a write would change: the generation and the first container's memory limit. */
async function writable(namespace: string, name: string): Promise<{ generation?: number; limit?: string }> {
  const d: V1Deployment = await apps.readNamespacedDeployment({ name, namespace });
  return { generation: d.metadata?.generation, limit: d.spec?.template.spec?.containers[0]?.resources?.limits?.memory };
}

/**
 * Reports, as the kubelet of a pod started weeks ago would, that its container was OOMKilled
 * weeks ago and has run since; then checks, a few seconds later, that kwok kept it.
 */
async function patchOldOom(pod: V1Pod): Promise<void> {
  const long = new Date(Date.now() - WEEKS_AGO);
  const finished = new Date(long.getTime() + 3600_000);
  const restarted = new Date(finished.getTime() + 10_000);
  const statuses = (pod.status?.containerStatuses ?? []).map((cs) => ({
    ...cs,
    restartCount: 1,
    ready: true,
    started: true,
    state: { running: { startedAt: restarted } },
    lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: long, finishedAt: finished, containerID: cs.containerID } },
  }));
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  await core.patchNamespacedPodStatus({ name, namespace, body: { status: { startTime: long, containerStatuses: statuses } } }, STRATEGIC);
  await new Promise((r) => setTimeout(r, 5_000));
  const kept = (await core.readNamespacedPod({ name, namespace })).status?.containerStatuses?.[0];
  expect(kept?.lastState?.terminated?.reason, "kwok kept the patched lastState").toBe("OOMKilled");
  expect(new Date(kept?.lastState?.terminated?.finishedAt ?? 0).getTime()).toBe(finished.getTime() - (finished.getTime() % 1000));
  expect(kept?.state?.running).toBeDefined();
}

/** Sends `message` through intake and waits until the operator has settled the incident. */
async function settle(message: string): Promise<Incident> {
  const { incidentId } = await intake.receive({ message, sender_id: "freshness" });
  return phaseOf(s, incidentId, SETTLED, 150_000);
}

/** The diagnosis_completed event's data. */
const completedData = (incident: Incident): Record<string, unknown> | undefined =>
  incident.status?.timeline?.find((e) => e.type === "diagnosis_completed")?.data;

const lines = (incident: Incident): string =>
  (incident.status?.diagnosis?.keyFindings ?? []).flatMap((f) => [f.finding, ...(f.evidence ?? [])]).join("\n");

beforeAll(async () => {
  s = await startTestOperator();
  intake = createIntake({ kc, namespace: s.installNs });
}, 60_000);

afterAll(async () => {
  await s.operator.stop();
  await Promise.allSettled([...nodes.map((name) => core.deleteNode({ name })), core.deleteNamespace({ name: s.appNs }), core.deleteNamespace({ name: s.installNs })]);
});

describe("evidence older than the freshness window never drives a write", () => {
  it("a weeks-old OOMKilled lastState on a pod Running and Ready since proposes nothing", async () => {
    await apps.createNamespacedDeployment({ namespace: s.appNs, body: deploymentManifest("web", { memoryLimit: "128Mi" }) });
    const pod = await runningPod(s.appNs, "web");
    await patchOldOom(pod);
    const before = await writable(s.appNs, "web");

    const incident = await settle(`[告警] Pod OOMKilled\n命名空间: ${s.appNs}\nPod: ${pod.metadata!.name}`);

    expect(incident.status?.phase).toBe("escalated");
    expect(incident.status?.proposal).toBeUndefined();
    expect(incident.status?.diagnosis?.confidence).toBeLessThanOrEqual(0.3);
    expect(lines(incident)).toContain(`Pod ${s.appNs}/${pod.metadata!.name}: container app lastState.terminated reason=OOMKilled exitCode=137`);
    const data = completedData(incident);
    expect(data?.freshness_window_minutes).toBe(30);
    const stale = data?.stale_evidence as { object: string; fact: string; age_seconds?: number }[] | undefined;
    expect(stale?.find((f) => f.object === `Pod ${s.appNs}/${pod.metadata!.name}`)?.age_seconds).toBeGreaterThan(20 * 24 * 3600);
    // The cluster afterwards: nothing was written to the Deployment.
    expect(await writable(s.appNs, "web")).toEqual(before);
    expect(before.limit).toBe("128Mi");
  }, TEST_TIMEOUT);

  it("a Node NotReady alert with an old OOM on one of its pods writes to neither workload; the diagnosis is the node", async () => {
    const node = `fresh-node-${randomBytes(3).toString("hex")}`;
    nodes.push(node);
    await core.createNode({ body: fakeNode(node) });
    const onNode = { nodeSelector: { "kubernetes.io/hostname": node }, memoryLimit: "128Mi" };
    await apps.createNamespacedDeployment({ namespace: s.appNs, body: deploymentManifest("api", onNode) });
    await apps.createNamespacedDeployment({ namespace: s.appNs, body: deploymentManifest("billing", onNode) });
    await runningPod(s.appNs, "api");
    await patchOldOom(await runningPod(s.appNs, "billing"));
    const before = { api: await writable(s.appNs, "api"), billing: await writable(s.appNs, "billing") };

    // kwok's node-not-ready stage takes over from node-heartbeat once the node carries the annotation.
    await core.patchNode({ name: node, body: { metadata: { annotations: { "kubefix.io/simulate": "not-ready" } } } }, STRATEGIC);
    await eventually(`node ${node} Ready=False`, async () => (await core.readNode({ name: node })).status?.conditions?.find((c) => c.type === "Ready" && c.status === "False"), WAIT);
    const billingPod = (await podsOf(s.appNs, "billing"))[0];
    expect(billingPod?.status?.containerStatuses?.[0]?.lastState?.terminated?.reason).toBe("OOMKilled");

    const incident = await settle(`[告警] Node NotReady\n节点: ${node}`);

    expect(incident.status?.diagnosis?.conclusion).toBe(`节点未就绪：${node}`);
    const steps = incident.status?.proposal?.steps ?? [];
    expect(steps.map((step) => step.plugin)).toEqual(["cordon_node"]);
    expect(JSON.stringify(steps)).not.toMatch(/deployment_name|"api"|"billing"/);
    expect(lines(incident)).toContain(`Pod ${s.appNs}/${billingPod?.metadata?.name}: container app lastState.terminated reason=OOMKilled exitCode=137`);
    // The cluster afterwards: both Deployments untouched.
    expect(await writable(s.appNs, "api")).toEqual(before.api);
    expect(await writable(s.appNs, "billing")).toEqual(before.billing);
  }, TEST_TIMEOUT);

  it("the window is a runtime setting: PUT /api/config's store changes it for the next diagnosis", async () => {
    const update = validateSettingsUpdate({ EVIDENCE_FRESHNESS_MINUTES: 45 });
    if (!update.ok) throw new Error(JSON.stringify(update.issues));
    await new SettingsStore({ kc, namespace: s.installNs, env: {} }).update(update.values);
    await eventually("the operator to reload", () => (s.operator.config().evidenceFreshnessMinutes === 45 ? true : undefined));
    await apps.createNamespacedDeployment({ namespace: s.appNs, body: deploymentManifest("quiet") });
    const pod = await runningPod(s.appNs, "quiet");

    const incident = await settle(`[告警] Pod 异常\n命名空间: ${s.appNs}\nPod: ${pod.metadata!.name}`);

    expect(completedData(incident)?.freshness_window_minutes).toBe(45);
  }, TEST_TIMEOUT);
});
