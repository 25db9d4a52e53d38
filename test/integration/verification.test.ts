/**
 * Verification against the real apiserver: the cause is judged (a node
 * still under pressure after its evicted pods are deleted is not resolved),
 * StatefulSets and DaemonSets are judged, a Deployment's matchExpressions
 * selector counts only its own pods, and a verifying incident is woken by
 * the watch on its target rather than by a poll.
 */
import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1NodeCondition, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentSpec, IncidentStatus } from "../../crds/index.js";
import { createIntake } from "../../lib/intake/intake.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { verificationWakeupsTotal } from "../../lib/metrics.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import type { RunningOperator } from "../../operator/main.js";
import { CLAIM_FINALIZER } from "../../operator/lifecycle/incident-reconciler.js";
import { checkIncidentHealth } from "../../operator/verify/check.js";
import { deploymentManifest, IMAGE_V1, IMAGE_V2, scenarioNode, simulate } from "../fixtures/scenarios.js";
import { incidentFixture } from "../fixtures/resources.js";
import { adminKube, eventually } from "./helpers.js";
import { phaseOf, startTestOperator } from "./operator-setup.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const strategic = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
const TEST_TIMEOUT = 240_000;
/** Window and stable times of this file's operator; its fallback requeue is 10 minutes, far beyond any test here. */
const WINDOW_SECONDS = 40;
const RESYNC_MS = 600_000;

let installNs = "";
let appNs = "";
let operator: RunningOperator;
let incidents: KindClient<Incident, IncidentInput>;
const nodes: string[] = [];
const suffix = randomBytes(3).toString("hex");
const WATCHED = "watched";
const WATCHED_ID = "INC-20260301-901";

type Target = NonNullable<IncidentSpec["target"]>;
const sum = async (counter: typeof verificationWakeupsTotal): Promise<number> =>
  (await counter.get()).values.reduce((total, v) => total + v.value, 0);

async function podsOf(namespace: string, selector: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;
}

const readyCondition = (p: V1Pod): string | undefined => p.status?.conditions?.find((c) => c.type === "Ready")?.status;

/** A Deployment whose pods run but fail their readiness probe, and an incident about it already verifying. */
async function watchedWorld(ns: { installNs: string; appNs: string }): Promise<void> {
  await apps.createNamespacedDeployment({ namespace: ns.appNs, body: deploymentManifest(WATCHED, { annotations: simulate("not-ready") }) });
  await eventually("the watched pod running, not ready", async () =>
    (await podsOf(ns.appNs, `app=${WATCHED}`)).find((p) => p.status?.phase === "Running" && readyCondition(p) === "False"), 100_000);
  const input = incidentFixture(901, { target: { kind: "Deployment", name: WATCHED, namespace: ns.appNs } });
  const body = { ...input, metadata: { ...input.metadata, name: WATCHED_ID.toLowerCase(), finalizers: [CLAIM_FINALIZER] }, spec: { ...input.spec, id: WATCHED_ID } };
  const client = new KindClient<Incident, IncidentInput>(kc, INCIDENTS, ns.installNs);
  await client.create(body);
  const status: IncidentStatus = { phase: "verifying", phaseSince: new Date().toISOString(), processedDecisions: 0, verification: { startedAt: new Date().toISOString() } };
  await client.patchStatus(WATCHED_ID.toLowerCase(), { status });
}

beforeAll(async () => {
  ({ installNs, appNs, operator, incidents } = await startTestOperator({
    verify: { windowSeconds: WINDOW_SECONDS, stableSeconds: 2, resyncMs: RESYNC_MS },
    before: watchedWorld,
  }));
}, 240_000);

afterAll(async () => {
  await operator.stop();
  for (const name of nodes) await core.deleteNode({ name }).catch(() => undefined);
});

describe("the watch wakes verification", () => {
  it("a verifying Deployment that recovers is resolved by the watch event, not a poll", { timeout: TEST_TIMEOUT }, async () => {
    const wakeupsBefore = await sum(verificationWakeupsTotal);
    const unhealthy = await eventually("the first check recorded unhealthy", async () => {
      const inc = await incidents.get(WATCHED_ID.toLowerCase());
      return inc.status?.verification?.healthy === false ? inc : undefined;
    }, 60_000);
    expect(unhealthy.status?.verification?.message).toMatch(/0\/1 replicas available|not ready/);
    // The fix, as a human would make it: the template no longer fails its probe.
    await apps.patchNamespacedDeployment({ name: WATCHED, namespace: appNs, body: { spec: { template: { metadata: { annotations: { "kubefix.io/simulate": null } } } } } }, strategic);
    const done = await phaseOf({ incidents }, WATCHED_ID, ["resolved", "escalated"], 90_000);
    // The fallback requeue is 10 minutes and the window 40 s: without a watch event the next check would come at the
    // window's end and escalate, because a target first seen healthy then has not been stable for 2 s.
    expect(done.status?.phase).toBe("resolved");
    expect(done.status?.verification?.healthy).toBe(true);
    expect(await sum(verificationWakeupsTotal)).toBeGreaterThan(wakeupsBefore);
  });
});

/** A kwok node for this file, Ready through kwok's stages. */
async function testNode(name: string, labels: Record<string, string> = {}): Promise<string> {
  await core.createNode({ body: scenarioNode(name, { labels }) });
  nodes.push(name);
  await eventually(`node ${name} Ready`, async () => {
    const n = await core.readNode({ name });
    return n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? n : undefined;
  }, 60_000);
  return name;
}

/** The conditions a kubelet posts, with MemoryPressure as given and fresh heartbeat times. */
function kubeletConditions(memoryPressure: boolean): V1NodeCondition[] {
  const now = new Date();
  const condition = (type: string, status: string, reason: string, message: string): V1NodeCondition =>
    ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
  return [
    memoryPressure
      ? condition("MemoryPressure", "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
      : condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

/**
 * A kwok node whose status the test writes itself, as its kubelet would (a nodes/status patch):
 * annotated from the start so that no kwok Stage (initialize, heartbeat) ever rewrites its conditions.
 * kwok still plays the kubelet for its pods and renews its Lease.
 */
async function kubeletNode(name: string): Promise<string> {
  const body = scenarioNode(name);
  body.metadata!.annotations!["kubefix.io/simulate"] = "held-by-test";
  await core.createNode({ body });
  nodes.push(name);
  await setMemoryPressure(name, false);
  return name;
}

/** Writes the node's conditions as a kubelet does: a strategic-merge nodes/status patch (conditions merge by type). */
async function setMemoryPressure(name: string, pressure: boolean): Promise<void> {
  const capacity = { cpu: "8", memory: "32Gi", pods: "110" };
  const status = { conditions: kubeletConditions(pressure), capacity, allocatable: capacity, addresses: [{ type: "InternalIP", address: "10.1.0.1" }] };
  await core.patchNodeStatus({ name, body: { status } }, strategic);
}

/** A bare pod on `node` that kwok's `evicted` stage evicts; resolves once it is evicted. */
async function evictedPod(name: string, node: string): Promise<V1Pod> {
  await core.createNamespacedPod({
    namespace: appNs,
    body: { metadata: { name, annotations: simulate("evicted") }, spec: { nodeName: node, containers: [{ name: "app", image: "registry.example/worker:1" }] } },
  });
  return eventually(`pod ${name} evicted`, async () => {
    const p = await core.readNamespacedPod({ name, namespace: appNs });
    return p.status?.reason === "Evicted" ? p : undefined;
  }, 100_000);
}

async function alertEvicted(pod: string): Promise<string> {
  const message = `[告警] Pod Evicted\n命名空间: ${appNs}\nPod: ${pod}`;
  return (await createIntake({ kc, namespace: installNs }).receive({ message })).incidentId;
}

const podGone = async (name: string): Promise<boolean> => core.readNamespacedPod({ name, namespace: appNs }).then(() => false, () => true);

describe("the cause is judged: node pressure", () => {
  it("a node still under pressure after its evicted pods are deleted is not resolved", { timeout: TEST_TIMEOUT }, async () => {
    const node = await kubeletNode(`press-a-${suffix}`);
    await evictedPod("batch-a", node);
    await setMemoryPressure(node, true);
    const id = await alertEvicted("batch-a");
    const done = await phaseOf({ incidents }, id, ["resolved", "escalated", "failed"], 180_000);
    expect(done.status?.execution?.steps.map((s) => [s.plugin, s.state])).toEqual([["delete_evicted_pods", "succeeded"]]);
    expect(await podGone("batch-a")).toBe(true);
    expect(done.status?.phase).toBe("escalated");
    expect(done.status?.verification?.healthy).toBe(false);
    expect(done.status?.verification?.message).toMatch(new RegExp(`node ${node} reports MemoryPressure=True`));
    const still = await core.readNode({ name: node });
    expect(still.status?.conditions?.find((c) => c.type === "MemoryPressure")?.status).toBe("True");
  });

  it("once the node reports the pressure gone, the same cleanup is resolved, woken by the node's watch", { timeout: TEST_TIMEOUT }, async () => {
    const node = await kubeletNode(`press-b-${suffix}`);
    await evictedPod("batch-b", node);
    await setMemoryPressure(node, true);
    const id = await alertEvicted("batch-b");
    await eventually("verifying, with the pressure seen", async () => {
      const inc = await incidents.get(id.toLowerCase());
      return inc.status?.phase === "verifying" && /MemoryPressure=True/.test(inc.status.verification?.message ?? "") ? inc : undefined;
    }, 120_000);
    const wakeups = await sum(verificationWakeupsTotal);
    await setMemoryPressure(node, false);
    const done = await phaseOf({ incidents }, id, ["resolved", "escalated", "failed"], 90_000);
    expect(done.status?.phase).toBe("resolved");
    expect(done.status?.verification?.message).toMatch(new RegExp(`node ${node} no longer reports resource pressure`));
    expect(await sum(verificationWakeupsTotal)).toBeGreaterThan(wakeups);
  });
});

/** One health check through the real gatherer, as the reconciler runs it. */
const check = (target: Target, status: IncidentStatus = {}): ReturnType<typeof checkIncidentHealth> =>
  checkIncidentHealth(kc, { spec: { target }, status }, { now: new Date(), stableSeconds: 3 });

const untilHealth = (what: string, target: Target, healthy: boolean): Promise<{ healthy: boolean; message: string }> =>
  eventually(what, async () => {
    const h = await check(target);
    return h.healthy === healthy ? h : undefined;
  }, 120_000);

describe("StatefulSet and DaemonSet targets", () => {
  const failing = { annotations: simulate("crash-loop", { "fail-image": IMAGE_V2 }), image: IMAGE_V2 };

  it("a StatefulSet is unhealthy while a pod crash-loops and healthy after the fix rolls out", { timeout: TEST_TIMEOUT }, async () => {
    const template = deploymentManifest("db", failing).spec!.template;
    await apps.createNamespacedStatefulSet({
      namespace: appNs,
      body: { metadata: { name: "db" }, spec: { replicas: 2, serviceName: "db", podManagementPolicy: "Parallel", selector: { matchLabels: { app: "db" } }, template } },
    });
    const target: Target = { kind: "StatefulSet", name: "db", namespace: appNs };
    await eventually("a crash-looping db pod", async () =>
      (await podsOf(appNs, "app=db")).find((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff"), 100_000);
    const sick = await check(target);
    expect(sick.healthy).toBe(false);
    await apps.patchNamespacedStatefulSet({ name: "db", namespace: appNs, body: { spec: { template: { spec: { containers: [{ name: "app", image: IMAGE_V1 }] } } } } }, strategic);
    const well = await untilHealth("the StatefulSet healthy", target, true);
    expect(well.message).toMatch(/2\/2 replicas ready on revision/);
    const sts = await apps.readNamespacedStatefulSet({ name: "db", namespace: appNs });
    expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision);
  });

  it("a DaemonSet is unhealthy while a pod crash-loops and healthy after the fix rolls out", { timeout: TEST_TIMEOUT }, async () => {
    const pool = { "verify-pool": suffix };
    await Promise.all([testNode(`ds-a-${suffix}`, pool), testNode(`ds-b-${suffix}`, pool)]);
    const template = deploymentManifest("agent", { ...failing, nodeSelector: pool }).spec!.template;
    await apps.createNamespacedDaemonSet({ namespace: appNs, body: { metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template } } });
    const target: Target = { kind: "DaemonSet", name: "agent", namespace: appNs };
    await eventually("a crash-looping agent pod", async () =>
      (await podsOf(appNs, "app=agent")).find((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff"), 100_000);
    expect((await check(target)).healthy).toBe(false);
    await apps.patchNamespacedDaemonSet({ name: "agent", namespace: appNs, body: { spec: { template: { spec: { containers: [{ name: "app", image: IMAGE_V1 }] } } } } }, strategic);
    const well = await untilHealth("the DaemonSet healthy", target, true);
    expect(well.message).toMatch(/2\/2 nodes ready and updated/);
  });
});

describe("a Deployment whose selector uses matchExpressions", () => {
  it("counts only its own pods: a canary and a bare pod sharing its labels crash-loop, it is healthy", { timeout: TEST_TIMEOUT }, async () => {
    const stable = deploymentManifest("shop");
    stable.spec!.selector = { matchLabels: { app: "shop" }, matchExpressions: [{ key: "track", operator: "In", values: ["stable"] }] };
    stable.spec!.template.metadata!.labels = { app: "shop", track: "stable" };
    const canary = deploymentManifest("shop-canary", { annotations: simulate("crash-loop") });
    canary.spec!.selector = { matchLabels: { app: "shop", track: "canary" } };
    canary.spec!.template.metadata!.labels = { app: "shop", track: "canary" };
    await apps.createNamespacedDeployment({ namespace: appNs, body: stable });
    await apps.createNamespacedDeployment({ namespace: appNs, body: canary });
    await core.createNamespacedPod({
      namespace: appNs,
      body: { metadata: { name: "shop-stray", labels: { app: "shop", track: "stable" }, annotations: simulate("crash-loop") }, spec: { containers: [{ name: "app", image: IMAGE_V1 }] } },
    });
    await core.createNamespacedService({ namespace: appNs, body: { metadata: { name: "shop" }, spec: { selector: { app: "shop" }, ports: [{ port: 80 }] } } });
    await eventually("the canary and the stray pod crash-looping", async () => {
      const crashing = (await podsOf(appNs, "app=shop")).filter((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff");
      return crashing.length >= 2 ? crashing : undefined;
    }, 100_000);

    const health = await untilHealth("the stable Deployment healthy", { kind: "Deployment", name: "shop", namespace: appNs }, true);
    expect(health.message).toMatch(/1\/1 replicas available/);
    const canaryHealth = await check({ kind: "Deployment", name: "shop-canary", namespace: appNs });
    expect(canaryHealth.healthy).toBe(false);
    expect(canaryHealth.message).toMatch(/0\/1 replicas available|shop-canary-/);
    // The Service selects every app=shop pod: the canary's failure is its failure.
    const service = await check({ kind: "Service", name: "shop", namespace: appNs });
    expect(service.healthy).toBe(false);
    expect(service.message).toMatch(/service shop/);
  });
});
