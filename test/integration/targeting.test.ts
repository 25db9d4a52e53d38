/**
 * Which object the operator writes, on the real apiserver: always the workload that owns the
 * failing pod (its owner chain read from the cluster), in that pod's namespace; never a workload
 * whose pods are healthy, never `default`, never a Deployment for a CronJob's pod, and no
 * rollback of a rollout that changed no image. Each test asserts the cluster afterwards.
 */
import { randomBytes } from "node:crypto";
import { AppsV1Api, BatchV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { deploymentManifest, scenarioNode, simulate, type DeploymentOptions } from "../fixtures/scenarios.js";
import { adminKube, createNamespace, eventually } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const WAIT = 120_000;
const STRATEGIC = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const batch = kc.makeApiClient(BatchV1Api);
const core = kc.makeApiClient(CoreV1Api);

const OOM = simulate("oom-killed", { "oom-limit": "128Mi" });

/** A Deployment whose pods carry `labels` (its selector) on top of app=<name>. */
function labelled(name: string, labels: Record<string, string>, o: DeploymentOptions = {}): V1Deployment {
  const d = deploymentManifest(name, o);
  const all = { app: name, ...labels };
  d.spec!.selector = { matchLabels: all };
  d.spec!.template.metadata = { ...d.spec!.template.metadata, labels: all };
  return d;
}

const create = (namespace: string, body: V1Deployment): Promise<V1Deployment> => apps.createNamespacedDeployment({ namespace, body });
const read = (namespace: string, name: string): Promise<V1Deployment> => apps.readNamespacedDeployment({ namespace, name });
const limitOf = (d: V1Deployment): string | undefined => d.spec?.template.spec?.containers[0]?.resources?.limits?.memory;
const generations = async (namespace: string): Promise<Record<string, number | undefined>> =>
  Object.fromEntries((await apps.listNamespacedDeployment({ namespace })).items.map((d) => [d.metadata!.name!, d.metadata?.generation]));

/** Waits for an OOMKilled pod of `app` in `namespace`, and returns its name. */
const oomPod = (namespace: string, app: string): Promise<string> =>
  eventually(
    `an OOMKilled pod of ${namespace}/${app}`,
    async () =>
      (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items.find(
        (p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled",
      )?.metadata?.name,
    WAIT,
  );

const rolledOut = (namespace: string, name: string): Promise<V1Deployment> =>
  eventually(
    `deployment ${namespace}/${name} rolled out`,
    async () => {
      const d = await read(namespace, name);
      const s = d.status;
      return s?.observedGeneration === d.metadata?.generation && s?.availableReplicas === d.spec?.replicas ? d : undefined;
    },
    WAIT,
  );

const stepsOf = (incident: Incident): { plugin: string; parameters?: Record<string, unknown> }[] => incident.status?.proposal?.steps ?? [];

describe("a Service selecting a stable and a canary Deployment, the canary OOMing", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("raises the canary's memory limit and leaves the stable Deployment untouched", async () => {
    const ns = s.appNs;
    await create(ns, labelled("web-stable", { tier: "web", track: "stable" }));
    await create(ns, labelled("web-canary", { tier: "web", track: "canary" }, { annotations: OOM }));
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: "web" }, spec: { selector: { tier: "web" }, ports: [{ port: 80 }] } } });
    const stable = await rolledOut(ns, "web-stable");
    await oomPod(ns, "web-canary");

    const message = `[告警] 服务不可用\n服务: web\n命名空间: ${ns}`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "targeting" });
    const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed"], 150_000);

    expect(incident.spec.target).toMatchObject({ kind: "Service", name: "web", namespace: ns });
    expect(stepsOf(incident)).toEqual([
      expect.objectContaining({ plugin: "set_container_resources", parameters: { namespace: ns, deployment_name: "web-canary", container: "app", memory_limit: "256Mi" } }),
    ]);
    expect(incident.status?.execution?.steps[0]).toMatchObject({ state: "succeeded" });
    expect(limitOf(await read(ns, "web-canary"))).toBe("256Mi");
    const after = await read(ns, "web-stable");
    expect(after.metadata?.generation).toBe(stable.metadata?.generation);
    expect(limitOf(after)).toBe("128Mi");
  });
});

describe("a Node alert on a node running pods of several Deployments in several namespaces", () => {
  const suffix = randomBytes(3).toString("hex");
  const node = `tg-node-${suffix}`;
  let s: OperatorSetup;
  let shop = "";
  let finance = "";
  let defaultBefore: Record<string, number | undefined> = {};

  beforeAll(async () => {
    shop = await createNamespace("tg-shop");
    finance = await createNamespace("tg-fin");
    s = await startTestOperator({ policy: { allowedNamespaces: [shop, finance] } });
    await core.createNode({ body: scenarioNode(node, { labels: { "kubefix.io/pool": suffix } }) });
    defaultBefore = await generations("default");
  });
  afterAll(async () => {
    await s?.operator.stop();
    await core.deleteNode({ name: node }).catch(() => undefined);
  });

  it("writes only the failing pod's owner, in that pod's namespace; nothing else, nothing in default", async () => {
    const onNode = { nodeSelector: { "kubefix.io/pool": suffix } };
    // The same container name in every Deployment, and "api" in two namespaces: only owners tell them apart.
    await create(shop, deploymentManifest("api", onNode));
    await create(shop, deploymentManifest("orders", onNode));
    await create(finance, deploymentManifest("api", onNode));
    await create(finance, deploymentManifest("billing", { ...onNode, annotations: OOM }));
    const healthy = await Promise.all([rolledOut(shop, "api"), rolledOut(shop, "orders"), rolledOut(finance, "api")]);
    await oomPod(finance, "billing");

    const message = `[告警] Node high load\n节点: ${node}`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "targeting" });
    const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed"], 150_000);

    expect(incident.spec.target).toEqual({ kind: "Node", name: node });
    for (const step of stepsOf(incident)) {
      expect(step.parameters).toMatchObject({ namespace: finance, deployment_name: "billing" });
    }
    const [shopApi, shopOrders, financeApi] = healthy;
    expect((await read(shop, "api")).metadata?.generation).toBe(shopApi.metadata?.generation);
    expect((await read(shop, "orders")).metadata?.generation).toBe(shopOrders.metadata?.generation);
    expect((await read(finance, "api")).metadata?.generation).toBe(financeApi.metadata?.generation);
    expect(await generations("default")).toEqual(defaultBefore);
    if (stepsOf(incident).length > 0) expect(limitOf(await read(finance, "billing"))).toBe("256Mi");
  });
});

describe("a pod of a CronJob's Job", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("names the Job -> CronJob chain and writes no Deployment", async () => {
    const ns = s.appNs;
    const podSpec = deploymentManifest("backup-nightly", { annotations: OOM }).spec!.template;
    const template = { metadata: podSpec.metadata, spec: { ...podSpec.spec!, restartPolicy: "OnFailure" } };
    // Suspended, so that the controller starts no Job of its own; the Job below is owned as the controller would own it.
    const cron = await batch.createNamespacedCronJob({
      namespace: ns,
      body: { metadata: { name: "backup-nightly" }, spec: { schedule: "0 3 * * *", suspend: true, jobTemplate: { spec: { template } } } },
    });
    const owner = { apiVersion: "batch/v1", kind: "CronJob", name: "backup-nightly", uid: cron.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    await batch.createNamespacedJob({ namespace: ns, body: { metadata: { name: "backup-nightly-29012345", ownerReferences: [owner] }, spec: { backoffLimit: 100, template } } });
    const pod = await oomPod(ns, "backup-nightly");
    const before = await generations(ns);

    const message = `[告警] Pod OOMKilled\n命名空间: ${ns}\nPod: ${pod}`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "targeting" });
    const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed", "awaiting_approval"], 150_000);

    expect(incident.spec.target).toEqual({ kind: "Pod", name: pod, namespace: ns });
    expect(incident.status?.phase).toBe("escalated");
    expect(incident.status?.proposal).toBeUndefined();
    const lines = incident.status!.diagnosis!.keyFindings.flatMap((f) => f.evidence ?? []);
    expect(lines).toContain(`${ns}: Pod/${pod} → Job/backup-nightly-29012345 → CronJob/backup-nightly`);
    expect(incident.status!.diagnosis!.suggestedActions.join("\n")).toContain(`CronJob ${ns}/backup-nightly`);
    expect(before).toEqual({});
    expect(await generations(ns)).toEqual({});
  });
});

describe("an env-only rollout stuck on capacity", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("is not rolled back: the Deployment's revision and generation stay, the incident escalates with a reason", async () => {
    const ns = s.appNs;
    await create(ns, deploymentManifest("checkout"));
    await rolledOut(ns, "checkout");
    // One pod at most: the new ReplicaSet's surge pod is rejected by the quota.
    await core.createNamespacedResourceQuota({ namespace: ns, body: { metadata: { name: "pod-count" }, spec: { hard: { pods: "1" } } } });
    await eventually("the quota counted", async () => ((await core.readNamespacedResourceQuota({ namespace: ns, name: "pod-count" })).status?.used?.pods === "1" ? true : undefined), WAIT);
    const body = { spec: { progressDeadlineSeconds: 1, template: { spec: { containers: [{ name: "app", env: [{ name: "FEATURE_X", value: "on" }] }] } } } };
    await apps.patchNamespacedDeployment({ name: "checkout", namespace: ns, body }, STRATEGIC);
    const stuck = await eventually(
      "the rollout past its progress deadline",
      async () => {
        const d = await read(ns, "checkout");
        return d.status?.conditions?.some((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded") ? d : undefined;
      },
      WAIT,
    );
    const revision = stuck.metadata?.annotations?.["deployment.kubernetes.io/revision"];
    expect(revision).toBe("2");

    const message = `[告警] checkout 发布卡住\n命名空间: ${ns}\nDeployment: checkout`;
    const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "targeting" });
    const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed", "awaiting_approval"], 150_000);

    expect(incident.status?.phase).toBe("escalated");
    expect(stepsOf(incident)).toEqual([]);
    expect(incident.status?.diagnosis?.suggestedActions.length).toBeGreaterThan(0);
    const after = await read(ns, "checkout");
    expect(after.metadata?.generation).toBe(stuck.metadata?.generation);
    expect(after.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe(revision);
    expect(after.spec?.template.spec?.containers[0]?.env).toEqual([{ name: "FEATURE_X", value: "on" }]);
  });
});

describe("intake of a Pod alert", () => {
  it("keeps the Pod, in its namespace, whatever its name looks like", async () => {
    const installNs = await createNamespace("tg-intake");
    const intake = createIntake({ kc, namespace: installNs });
    for (const pod of ["backup-nightly-x7k2p", "nginx-ingress-controller-abcde"]) {
      const { incidentId } = await intake.receive({ message: `[告警] Pod 异常\n命名空间: ops\nPod: ${pod}`, sender_id: "targeting" });
      const incident = await new KindClient<Incident, IncidentInput>(kc, INCIDENTS, installNs).get(incidentId.toLowerCase());
      expect(incident.spec.target).toEqual({ kind: "Pod", name: pod, namespace: "ops" });
    }
  });
});
