/**
 * The write path through the real apiserver, every request recorded by a
 * middleware on the guarded plugin client: diagnostics send only GET; each
 * remediation's first write is a dry run and its dry-run pass changes
 * nothing; a careless plugin cannot write in a dry run, a "diagnostic"
 * cannot write at all; template edits are server-side applies by kubefix;
 * a write held past its timeout is aborted, reported as unknown, and
 * verified instead of repeated.
 */
import { AppsV1Api, AutoscalingV2Api, BatchV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment } from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import { componentLogger } from "../../lib/logger.js";
import { diagnosticPlugins } from "../../operator/plugins/builtin/diagnostic/index.js";
import { remediationPlugins } from "../../operator/plugins/builtin/remediation/index.js";
import { PluginRegistry } from "../../operator/plugins/registry.js";
import { fakeNode } from "../harness/control-plane.js";
import { proposingEngine } from "../fixtures/proposing-engine.js";
import { isDryRun, RequestRecorder, writesOf, type RecordedRequest } from "../fixtures/request-recorder.js";
import { deploymentManifest, simulate } from "../fixtures/scenarios.js";
import { HOLD_LABEL, startSlowWebhook, type SlowWebhook } from "../fixtures/slow-webhook.js";
import { carelessWrite, heldWrite, sneakyRead, TOUCHED } from "../fixtures/write-path-plugins.js";
import { adminKube, createNamespace, eventually, podManifest } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const WAIT = 90_000;
const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const batch = kc.makeApiClient(BatchV1Api);
const applyPatch = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

let ns = "";
const suffix = randomBytes(3).toString("hex");
const nodeName = `wp-node-${suffix}`;
const cordonedNode = `wp-cordoned-${suffix}`;
const recorder = new RequestRecorder();
let registry: PluginRegistry;

async function rolledOut(name: string): Promise<V1Deployment> {
  return eventually(
    `deployment ${name} rolled out`,
    async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace: ns });
      const want = d.spec?.replicas ?? 1;
      const s = d.status;
      const paused = d.spec?.paused === true;
      const done = (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && (paused || (s?.updatedReplicas === want && s.availableReplicas === want && s.replicas === want));
      return done ? d : undefined;
    },
    WAIT,
  );
}

async function podOf(app: string): Promise<string> {
  return eventually(`a running pod of ${app}`, async () => {
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` });
    return pods.items.find((p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp)?.metadata?.name;
  }, WAIT);
}

/** A small world: Deployments, a StatefulSet, a DaemonSet, CronJobs, a Service, a PVC, an HPA, nodes and an evicted pod. */
async function buildWorld(): Promise<void> {
  await core.createNode({ body: fakeNode(nodeName) });
  await core.createNode({ body: { ...fakeNode(cordonedNode), spec: { unschedulable: true } } });
  await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest("web", { memoryLimit: "128Mi" }) });
  const paused = deploymentManifest("frozen");
  await apps.createNamespacedDeployment({ namespace: ns, body: { ...paused, spec: { ...paused.spec!, paused: true } } });
  const template = deploymentManifest("db").spec!.template;
  await apps.createNamespacedStatefulSet({ namespace: ns, body: { metadata: { name: "db" }, spec: { serviceName: "db", replicas: 1, selector: { matchLabels: { app: "db" } }, template } } });
  const agent = deploymentManifest("agent").spec!.template;
  await apps.createNamespacedDaemonSet({ namespace: ns, body: { metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: agent } } });
  const jobTemplate = { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "job", image: "registry.example/job:1" }] } } } };
  await batch.createNamespacedCronJob({ namespace: ns, body: { metadata: { name: "nightly" }, spec: { schedule: "0 3 1 1 *", jobTemplate } } });
  await batch.createNamespacedCronJob({ namespace: ns, body: { metadata: { name: "halted" }, spec: { schedule: "0 3 1 1 *", suspend: true, jobTemplate } } });
  await core.createNamespacedService({ namespace: ns, body: { metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } } });
  await core.createNamespacedPersistentVolumeClaim({ namespace: ns, body: { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } });
  await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
    namespace: ns,
    body: { metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 3 } },
  });
  await core.createNamespacedPod({ namespace: ns, body: podManifest("evicted", simulate("evicted")) });
  await rolledOut("web");
  await eventually("the pod evicted", async () => ((await core.readNamespacedPod({ namespace: ns, name: "evicted" })).status?.reason === "Evicted" ? true : undefined), WAIT);
}

beforeAll(async () => {
  ns = await createNamespace("writes");
  registry = new PluginRegistry({
    kc,
    namespace: ns,
    log: componentLogger("test"),
    plugins: [...diagnosticPlugins, ...remediationPlugins, carelessWrite, sneakyRead],
    requestMiddleware: [recorder.middleware],
  });
  await registry.install();
  await buildWorld();
}, 240_000);

afterAll(async () => {
  for (const name of [nodeName, cordonedNode]) await core.deleteNode({ name }).catch(() => undefined);
});

/** Calls `fn` and returns what it recorded. */
async function recorded<T>(fn: () => Promise<T>): Promise<{ value: T; requests: RecordedRequest[] }> {
  const mark = recorder.mark();
  const value = await fn();
  return { value, requests: recorder.since(mark) };
}

describe("diagnostic plugins", () => {
  const argsFor = (pod: string): Record<string, Record<string, unknown>> => ({
    list_pods: { namespace: ns },
    describe_pod: { namespace: ns, pod_name: pod },
    get_pod_logs: { namespace: ns, pod_name: pod },
    get_events: { namespace: ns },
    describe_deployment: { namespace: ns, deployment_name: "web" },
    get_rollout_history: { namespace: ns, deployment_name: "web" },
    describe_node: { node_name: nodeName },
    list_nodes: {},
    top_pods: { namespace: ns },
    get_resource_quotas: { namespace: ns },
    get_service_endpoints: { namespace: ns, service_name: "web" },
    describe_pvc: { namespace: ns, pvc_name: "data" },
    describe_hpa: { namespace: ns, hpa_name: "web" },
    search_knowledge: { query: "memory" },
    describe_statefulset: { namespace: ns, statefulset_name: "db" },
    describe_daemonset: { namespace: ns, daemonset_name: "agent" },
    describe_cronjob: { namespace: ns, cronjob_name: "nightly" },
    get_configmap_secret_refs: { namespace: ns, deployment_name: "web" },
    check_pod_scheduling: { namespace: ns, pod_name: pod },
  });

  it("send nothing but GET, every one of them, with valid arguments", async () => {
    const args = argsFor(await podOf("web"));
    expect(Object.keys(args).sort()).toEqual(diagnosticPlugins.map((p) => p.name).sort());
    for (const plugin of diagnosticPlugins) {
      const { value, requests } = await recorded(() => registry.call(plugin.name, args[plugin.name]));
      expect(value.error ?? "", plugin.name).not.toMatch(/invalid arguments|refused/);
      expect(requests.length, `${plugin.name} sent requests`).toBeGreaterThan(0);
      expect(requests.filter((r) => r.method !== "GET"), plugin.name).toEqual([]);
    }
  });

  it("a diagnostic that tries to write is refused before sending, and the object is unchanged", async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "sneaky" }, data: { a: "1" } } });
    const before = await core.readNamespacedConfigMap({ namespace: ns, name: "sneaky" });
    const { value, requests } = await recorded(() => registry.call(sneakyRead.name, { namespace: ns, configmap_name: "sneaky" }));
    expect(value.ok).toBe(false);
    expect(value.error).toMatch(/refused PATCH .*sneaky: a diagnostic plugin only reads/);
    expect(requests.map((r) => r.method)).toEqual(["GET"]);
    const after = await core.readNamespacedConfigMap({ namespace: ns, name: "sneaky" });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(after.metadata?.annotations?.[TOUCHED]).toBeUndefined();
  });

  it("a remediation called as a tool is refused: it runs only as an executed step", async () => {
    const { value, requests } = await recorded(() => registry.call("scale_deployment", { namespace: ns, deployment_name: "web", replicas: 5 }));
    expect(value).toMatchObject({ ok: false, error: expect.stringMatching(/runs only as an executed step/) });
    expect(requests).toEqual([]);
  });
});

/** What a dry run must leave alone: identity, generation and resourceVersion. */
interface Fingerprint {
  uid?: string;
  generation?: number;
  resourceVersion?: string;
}
const fingerprint = (o: { metadata?: Fingerprint }): Fingerprint => ({
  uid: o.metadata?.uid,
  generation: o.metadata?.generation,
  resourceVersion: o.metadata?.resourceVersion,
});

/** A node's uid and schedulability: the node controllers keep updating its status, labels and taints meanwhile. */
const nodeState = async (name: string): Promise<unknown> => {
  const node = await core.readNode({ name });
  return { uid: node.metadata?.uid, unschedulable: node.spec?.unschedulable ?? false };
};

/**
 * `read()` once the object is quiet: the same resourceVersion twice, 2 s
 * apart. Controllers and kwok keep writing the status of a workload that
 * just changed; a dry run is judged on an object nobody else is writing.
 */
async function quiet<T>(read: () => Promise<T>): Promise<T> {
  let last = JSON.stringify(await read());
  return eventually("the object quiet", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const now = await read();
    const same = JSON.stringify(now) === last;
    last = JSON.stringify(now);
    return same ? now : undefined;
  }, WAIT);
}

describe("remediation plugins", () => {
  // In an order where each real execution leaves the next one something to do.
  const steps = (pod: string): [string, Record<string, unknown>, () => Promise<unknown>][] => {
    const deployment = (name: string) => async () => fingerprint(await apps.readNamespacedDeployment({ name, namespace: ns }));
    return [
      ["restart_pod", { namespace: ns, pod_name: pod, force: false }, async () => fingerprint(await core.readNamespacedPod({ name: pod, namespace: ns }))],
      ["rollout_restart_deployment", { namespace: ns, deployment_name: "web" }, deployment("web")],
      ["scale_deployment", { namespace: ns, deployment_name: "web", replicas: 2 }, deployment("web")],
      ["scale_statefulset", { namespace: ns, statefulset_name: "db", replicas: 2 }, async () => fingerprint(await apps.readNamespacedStatefulSet({ name: "db", namespace: ns }))],
      ["set_container_resources", { namespace: ns, deployment_name: "web", container: "app", memory_limit: "256Mi" }, deployment("web")],
      ["set_deployment_image", { namespace: ns, deployment_name: "web", image: "registry.example/app:2.0" }, deployment("web")],
      ["rollback_deployment", { namespace: ns, deployment_name: "web" }, deployment("web")],
      ["pause_rollout", { namespace: ns, deployment_name: "web" }, deployment("web")],
      ["resume_rollout", { namespace: ns, deployment_name: "frozen" }, deployment("frozen")],
      ["cordon_node", { node_name: nodeName }, async () => nodeState(nodeName)],
      ["uncordon_node", { node_name: cordonedNode }, async () => nodeState(cordonedNode)],
      ["delete_evicted_pods", { namespace: ns, max_pods: 20 }, async () => fingerprint(await core.readNamespacedPod({ name: "evicted", namespace: ns }))],
      ["suspend_cronjob", { namespace: ns, cronjob_name: "nightly" }, async () => fingerprint(await batch.readNamespacedCronJob({ name: "nightly", namespace: ns }))],
      ["resume_cronjob", { namespace: ns, cronjob_name: "halted" }, async () => fingerprint(await batch.readNamespacedCronJob({ name: "halted", namespace: ns }))],
    ];
  };

  it("every one: its dry-run pass changes nothing and every write in it is a dry run; executed, its first write is a dry run and nothing is written for real that the dry run did not send", async () => {
    const list = steps(await podOf("web"));
    expect(list.map(([name]) => name).sort()).toEqual(remediationPlugins.map((p) => p.name).sort());
    for (const [name, args, read] of list) {
      await rolledOut("web");
      const before = await quiet(read);
      const dry = await recorded(() => registry.dryRun(name, args));
      expect(dry.value.ok, `${name}: ${dry.value.summary}`).toBe(true);
      expect(await read(), `${name} dry run changed nothing`).toEqual(before);
      const dryWrites = writesOf(dry.requests);
      expect(dryWrites.length, `${name} sent a write in its dry run`).toBeGreaterThan(0);
      expect(dryWrites.filter((r) => !isDryRun(r)), name).toEqual([]);

      const run = await recorded(() => registry.execute(name, args));
      expect(run.value.result?.ok, `${name}: ${run.value.result?.summary ?? run.value.dryRun.summary}`).toBe(true);
      const writes = writesOf(run.requests);
      expect(isDryRun(writes[0]!), `${name}'s first write is a dry run`).toBe(true);
      const firstReal = writes.findIndex((r) => !isDryRun(r));
      expect(firstReal, `${name} wrote for real`).toBeGreaterThan(0);
      expect(writes.slice(firstReal).filter(isDryRun), name).toEqual([]);
      const proven = new Set(writes.slice(0, firstReal).map((r) => `${r.method} ${r.path}`));
      expect(writes.slice(firstReal).filter((r) => !proven.has(`${r.method} ${r.path}`)), name).toEqual([]);
      // DELETE takes no field manager; every other write names kubefix.
      expect(writes.filter((r) => r.method !== "DELETE" && r.query.fieldManager !== "kubefix"), name).toEqual([]);
    }
  }, 600_000);

  it("a careless plugin that writes with no dry-run option changes nothing in the dry-run pass", async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "careless" }, data: { a: "1" } } });
    const before = await core.readNamespacedConfigMap({ namespace: ns, name: "careless" });
    const { value, requests } = await recorded(() => registry.dryRun(carelessWrite.name, { namespace: ns, configmap_name: "careless" }));
    expect(value.ok, value.summary).toBe(true);
    expect(writesOf(requests).map((r) => [r.method, isDryRun(r)])).toEqual([
      ["PATCH", true],
      ["PUT", true],
      ["POST", true],
      ["DELETE", true],
    ]);
    const after = await core.readNamespacedConfigMap({ namespace: ns, name: "careless" });
    expect(fingerprint(after)).toEqual(fingerprint(before));
    expect(after.metadata?.annotations?.[TOUCHED]).toBeUndefined();
    expect(after.data).toEqual({ a: "1" });
    const copies = await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: "metadata.name=careless-copy" });
    expect(copies.items).toEqual([]);
  });
});

describe("server-side apply with field manager kubefix", () => {
  const memoryPath = { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:resources": { "f:limits": { "f:memory": {} } } } } } } } };

  it("makes kubefix the manager of the memory limit it raised, names whom it took it from, and keeps it through a later image change", async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest("owned", { memoryLimit: "128Mi" }) });
    await rolledOut("owned");
    // The manager that set the limit at create; managedFields also lists the controller-manager's status writes, in no set order.
    const creator = (await apps.readNamespacedDeployment({ name: "owned", namespace: ns })).metadata?.managedFields?.find(
      (m) => m.operation === "Update" && !m.subresource && JSON.stringify(m.fieldsV1).includes('"f:memory"'),
    )?.manager;
    const { dryRun, result } = await registry.execute("set_container_resources", { namespace: ns, deployment_name: "owned", memory_limit: "256Mi" });
    expect(dryRun.ok && result?.ok, result?.summary ?? dryRun.summary).toBe(true);
    expect(result?.data?.previousManagers).toEqual({ ".spec.template.spec.containers[name=app].resources.limits.memory": [`${creator} (Update)`] });

    const d = await apps.readNamespacedDeployment({ name: "owned", namespace: ns });
    const kubefix = d.metadata?.managedFields?.find((m) => m.manager === "kubefix" && m.operation === "Apply");
    expect(kubefix?.fieldsV1).toMatchObject(memoryPath);
    const others = d.metadata?.managedFields?.filter((m) => m !== kubefix) ?? [];
    // fieldsV1 of a manager owning limits.memory reads "f:limits":{".":{},"f:memory":{}} (the "." and sibling keys vary).
    const ownsLimit = /"f:limits":\{(?:"[^"]+":\{\},)*"f:memory"/;
    expect(ownsLimit.test(JSON.stringify(kubefix?.fieldsV1))).toBe(true);
    expect(others.some((m) => ownsLimit.test(JSON.stringify(m.fieldsV1)))).toBe(false);

    const image = await registry.execute("set_deployment_image", { namespace: ns, deployment_name: "owned", image: "registry.example/app:2.0" });
    expect(image.result?.ok, image.result?.summary).toBe(true);
    const after = await apps.readNamespacedDeployment({ name: "owned", namespace: ns });
    expect(after.spec?.template.spec?.containers[0]).toMatchObject({ image: "registry.example/app:2.0", resources: { limits: { memory: "256Mi" } } });
  });

  it("refuses a field another manager declared through server-side apply, and writes nothing", async () => {
    const body = { apiVersion: "apps/v1", kind: "Deployment", ...deploymentManifest("declared", { memoryLimit: "128Mi" }) };
    await apps.patchNamespacedDeployment({ name: "declared", namespace: ns, body, fieldManager: "gitops-test", force: true }, applyPatch);
    await rolledOut("declared");
    const before = await quiet(() => apps.readNamespacedDeployment({ name: "declared", namespace: ns }));
    const { dryRun, result } = await registry.execute("set_container_resources", { namespace: ns, deployment_name: "declared", memory_limit: "256Mi" });
    expect(result).toBeUndefined();
    expect(dryRun).toMatchObject({ ok: false, summary: expect.stringMatching(/resources\.limits\.memory is declared by gitops-test through server-side apply/) });
    expect(fingerprint(await apps.readNamespacedDeployment({ name: "declared", namespace: ns }))).toEqual(fingerprint(before));
  });
});

describe("a write held past its timeout", () => {
  let webhook: SlowWebhook;
  let s: OperatorSetup;
  const held = async (name: string): Promise<void> => {
    await core.createNamespacedConfigMap({ namespace: s.appNs, body: { metadata: { name, labels: { [HOLD_LABEL]: "true" } } } });
  };
  const realCalls = (name: string): number => webhook.calls.filter((c) => c.name === name && !c.dryRun).length;

  beforeAll(async () => {
    s = await startTestOperator({
      extraPlugins: [heldWrite],
      engine: proposingEngine({ held: (namespace) => [{ plugin: heldWrite.name, parameters: { namespace, configmap_name: "held-step" }, description: "annotate" }] }),
    });
    webhook = await startSlowWebhook(kc, s.appNs, 8_000);
    await held("probe");
    // The apiserver picks new webhook configurations up from a watch: wait until it calls this one.
    await eventually("the webhook in force", async () => {
      await core.patchNamespacedConfigMap({ namespace: s.appNs, name: "probe", body: { data: { at: String(Date.now()) } }, dryRun: "All" }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
      return webhook.calls.some((c) => c.name === "probe") ? true : undefined;
    }, WAIT);
  }, 240_000);

  afterAll(async () => {
    await webhook?.stop();
    await s?.operator.stop();
  });

  it("is aborted at the timeout and reported as an unknown outcome, not as failed", async () => {
    await held("held-call");
    const started = Date.now();
    const { dryRun, result } = await s.operator.registry.execute(heldWrite.name, { namespace: s.appNs, configmap_name: "held-call" });
    // Returned at the 2 s timeout, not when the webhook answered 8 s later.
    expect(Date.now() - started).toBeLessThan(7_000);
    expect(dryRun.ok, dryRun.summary).toBe(true);
    expect(result).toMatchObject({ ok: false, outcome: "unknown", error: expect.stringMatching(/the outcome of PATCH .*held-call is unknown/) });
    // The real write reached the apiserver (the webhook saw it) before it was aborted.
    expect(realCalls("held-call")).toBe(1);
  });

  it("the incident goes to verification with the step interrupted, and the step is not repeated", async () => {
    await held("held-step");
    await apps.createNamespacedDeployment({ namespace: s.appNs, body: deploymentManifest("held-app") });
    const pod = await eventually("a pod of held-app", async () => (await core.listNamespacedPod({ namespace: s.appNs, labelSelector: "app=held-app" })).items[0]?.metadata?.name, WAIT);
    const message = `[告警] held held-app\n服务: held-app\n部署: held-app\n命名空间: ${s.appNs}\nPod: ${pod}`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message });
    const incident = await phaseOf(s, incidentId, ["verifying", "resolved", "escalated", "failed"], 120_000);
    expect(incident.status?.phase).not.toBe("failed");
    const step = incident.status?.execution?.steps[0];
    expect(step).toMatchObject({ plugin: heldWrite.name, state: "interrupted", dryRun: "passed" });
    expect(step?.output).toMatch(/outcome of this step is unknown.*not repeated, the target is verified instead/);
    expect(step?.error).toMatch(/the outcome of PATCH .*held-step is unknown/);
    // Long enough for a retry to have reached the webhook if the step had been repeated.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(realCalls("held-step")).toBe(1);
  });
});
