/**
 * The built-in remediation plugins against a real apiserver, with the
 * controller manager making ReplicaSets and pods and kwok running them:
 * each real call (a dry-run pass, then the real one) changes the cluster,
 * each dry-run pass changes nothing yet is validated by the server, and
 * failures come back as results. The plugins send no dry-run option
 * themselves: the guarded client adds it.
 */
import { AppsV1Api, BatchV1Api, CoreV1Api, type V1Deployment, type V1Node, type V1ReplicaSet } from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isApiStatus } from "../../lib/kube/client.js";
import { resumeCronJob, suspendCronJob } from "../../operator/plugins/builtin/remediation/cronjob-suspension.js";
import { deleteEvictedPods } from "../../operator/plugins/builtin/remediation/delete-evicted-pods.js";
import { cordonNode, uncordonNode } from "../../operator/plugins/builtin/remediation/node-scheduling.js";
import { restartPod } from "../../operator/plugins/builtin/remediation/restart-pod.js";
import { rollbackDeployment } from "../../operator/plugins/builtin/remediation/rollback-deployment.js";
import { pauseRollout, resumeRollout } from "../../operator/plugins/builtin/remediation/rollout-pause.js";
import { rolloutRestartDeployment } from "../../operator/plugins/builtin/remediation/rollout-restart-deployment.js";
import { scaleDeployment, scaleStatefulSet } from "../../operator/plugins/builtin/remediation/scale-workload.js";
import { setContainerResources } from "../../operator/plugins/builtin/remediation/set-container-resources.js";
import { setDeploymentImage } from "../../operator/plugins/builtin/remediation/set-deployment-image.js";
import type { BuiltinPlugin, PluginResult } from "../../operator/plugins/types.js";
import { dryRunPlugin, executePlugin } from "../fixtures/plugin-runs.js";
import { fakeNode } from "../harness/control-plane.js";
import { adminKube, createNamespace, eventually, podManifest, userKube } from "./helpers.js";

const ROLLOUT_MS = 90_000;

let ns = "";
const apps = (): AppsV1Api => adminKube().makeApiClient(AppsV1Api);
const core = (): CoreV1Api => adminKube().makeApiClient(CoreV1Api);

/** The dry-run pass alone, through the guarded client the registry gives a remediation. */
const dryRun = (plugin: BuiltinPlugin, args: unknown, kc = adminKube()): Promise<PluginResult> => dryRunPlugin(plugin, args, kc, { installNamespace: ns });
/** Dry run, then the real pass, as the registry executes a step. */
const real = (plugin: BuiltinPlugin, args: unknown, kc = adminKube()): Promise<PluginResult> => executePlugin(plugin, args, kc, { installNamespace: ns });

beforeAll(async () => {
  ns = await createNamespace("remedy");
});

/** A Deployment of `replicas` pods with one container "app" on image app:1.0. */
async function createDeployment(name: string, replicas = 1): Promise<V1Deployment> {
  return apps().createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name: "app",
                image: "registry.example/app:1.0",
                resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              },
            ],
          },
        },
      },
    },
  });
}

const readDeployment = (name: string): Promise<V1Deployment> => apps().readNamespacedDeployment({ name, namespace: ns });

/** Waits until the controller has seen the latest spec and every replica runs it and is available. */
async function rolledOut(name: string): Promise<V1Deployment> {
  return eventually(
    `deployment ${name} rolled out`,
    async () => {
      const d = await readDeployment(name);
      const want = d.spec?.replicas ?? 1;
      const s = d.status;
      const done =
        (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
        s?.updatedReplicas === want &&
        s.availableReplicas === want &&
        (s.replicas ?? 0) === want;
      return done ? d : undefined;
    },
    ROLLOUT_MS,
  );
}

async function replicaSetsOf(name: string): Promise<V1ReplicaSet[]> {
  return (await apps().listNamespacedReplicaSet({ namespace: ns, labelSelector: `app=${name}` })).items;
}

interface Written {
  metadata?: { generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: unknown;
}

/**
 * What a write by a plugin would move: generation, spec, labels and
 * annotations. Not resourceVersion: controllers and kwok keep updating the
 * status of these objects while a test runs.
 */
function written(obj: Written): string {
  return JSON.stringify([obj.metadata?.generation, obj.metadata?.annotations, obj.metadata?.labels, obj.spec]);
}

const appContainer = (d: V1Deployment) => d.spec?.template?.spec?.containers?.find((c) => c.name === "app");

describe("set_container_resources", () => {
  const name = "resources";
  const args = { namespace: "", deployment_name: name, container: "app", memory_limit: "256Mi" };

  beforeAll(async () => {
    args.namespace = ns;
    await createDeployment(name);
    await rolledOut(name);
  });

  it("on a dry run reports the new limit but changes nothing", async () => {
    const before = await readDeployment(name);
    const setsBefore = await replicaSetsOf(name);
    const result = await dryRun(setContainerResources, args);
    expect(result).toMatchObject({
      ok: true,
      summary: `dry run: would have raised memory limit of ${ns}/${name}/app from 128Mi to 256Mi`,
      changed: [],
    });
    expect(result.data).toMatchObject({ previous: { limits: { memory: "128Mi" } }, updated: { limits: { memory: "256Mi" } } });
    const after = await readDeployment(name);
    expect(written(after)).toBe(written(before));
    expect(appContainer(after)?.resources?.limits?.memory).toBe("128Mi");
    expect((await replicaSetsOf(name)).length).toBe(setsBefore.length);
  });

  it("on a dry run reports the apiserver's rejection of an invalid quantity", async () => {
    expect(setContainerResources.args.safeParse({ ...args, memory_limit: "lots" }).success).toBe(false);
    const before = await readDeployment(name);
    const result = await dryRun(setContainerResources, { ...args, memory_limit: "lots" });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/quantit/i);
    expect(result.summary).toContain(`deployment ${ns}/${name}`);
    expect(written(await readDeployment(name))).toBe(written(before));
  });

  it("on a dry run reports a request above its limit as invalid", async () => {
    const result = await dryRun(setContainerResources, { ...args, memory_limit: undefined, memory_request: "1Gi" });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/less than or equal to memory limit/);
  });

  it("raises the memory limit, and the Deployment rolls out a new ReplicaSet", async () => {
    const setsBefore = (await replicaSetsOf(name)).map((rs) => rs.metadata?.name);
    const result = await real(setContainerResources, args);
    expect(result).toMatchObject({
      ok: true,
      summary: `raised memory limit of ${ns}/${name}/app from 128Mi to 256Mi`,
      changed: [`Deployment/${ns}/${name}`],
      data: { container: "app", previous: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi", cpu: null } } },
    });
    expect(appContainer(await readDeployment(name))?.resources?.limits?.memory).toBe("256Mi");
    const fresh = await eventually("a new ReplicaSet", async () =>
      (await replicaSetsOf(name)).find((rs) => !setsBefore.includes(rs.metadata?.name)),
    );
    expect(fresh.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory).toBe("256Mi");
    // requests were not named, so the strategic merge patch kept them
    expect(fresh.spec?.template?.spec?.containers?.[0]?.resources?.requests).toEqual({ cpu: "100m", memory: "64Mi" });
  });

  it("reports a missing Deployment", async () => {
    const result = await dryRun(setContainerResources, { ...args, deployment_name: "missing" });
    expect(result).toMatchObject({ ok: false, summary: `deployment missing not found in namespace ${ns}`, changed: [] });
  });

  it("refuses an unknown container", async () => {
    const result = await dryRun(setContainerResources, { ...args, container: "sidecar" });
    expect(result).toMatchObject({ ok: false, summary: `deployment ${ns}/${name} has no container sidecar (containers: app)` });
  });
});

describe("rollout_restart_deployment and pause/resume rollout", () => {
  const name = "restart";
  const args = { namespace: "", deployment_name: name };

  beforeAll(async () => {
    args.namespace = ns;
    await createDeployment(name);
    await rolledOut(name);
  });

  it("changes nothing on a dry run", async () => {
    const before = await readDeployment(name);
    const result = await dryRun(rolloutRestartDeployment, args);
    expect(result).toMatchObject({ ok: true, changed: [] });
    expect(result.summary).toMatch(/^dry run: would have started a rolling restart/);
    expect(typeof result.data?.restartedAt).toBe("string");
    expect(written(await readDeployment(name))).toBe(written(before));
  });

  it("stamps the pod template, which rolls out a new ReplicaSet", async () => {
    const setsBefore = (await replicaSetsOf(name)).map((rs) => rs.metadata?.name);
    const result = await real(rolloutRestartDeployment, args);
    expect(result).toMatchObject({ ok: true, changed: [`Deployment/${ns}/${name}`] });
    const stamp = (await readDeployment(name)).spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"];
    expect(stamp).toBe(result.data?.restartedAt);
    const fresh = await eventually("a new ReplicaSet", async () =>
      (await replicaSetsOf(name)).find((rs) => !setsBefore.includes(rs.metadata?.name)),
    );
    expect(fresh.spec?.template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBe(stamp);
    await rolledOut(name);
  });

  it("pauses the rollout, refuses to restart while paused, and resumes", async () => {
    const dry = await dryRun(pauseRollout, args);
    expect(dry).toMatchObject({ ok: true, changed: [] });
    expect((await readDeployment(name)).spec?.paused).toBeFalsy();

    const paused = await real(pauseRollout, args);
    expect(paused).toMatchObject({ ok: true, summary: `paused the rollout of deployment ${ns}/${name}`, changed: [`Deployment/${ns}/${name}`] });
    expect((await readDeployment(name)).spec?.paused).toBe(true);
    expect(await real(pauseRollout, args)).toMatchObject({ ok: true, changed: [] });

    const refusedRestart = await dryRun(rolloutRestartDeployment, args);
    expect(refusedRestart).toMatchObject({ ok: false, summary: `deployment ${ns}/${name} is paused; resume its rollout first` });

    const resumed = await real(resumeRollout, args);
    expect(resumed).toMatchObject({ ok: true, changed: [`Deployment/${ns}/${name}`] });
    expect((await readDeployment(name)).spec?.paused).toBeFalsy();
  });

  it("reports a missing Deployment", async () => {
    const result = await real(rolloutRestartDeployment, { namespace: ns, deployment_name: "missing" });
    expect(result).toMatchObject({ ok: false, summary: `deployment missing not found in namespace ${ns}` });
  });
});

describe("scale_deployment", () => {
  const name = "scale";

  beforeAll(async () => {
    await createDeployment(name);
    await rolledOut(name);
  });

  it("changes nothing on a dry run", async () => {
    const before = await readDeployment(name);
    const result = await dryRun(scaleDeployment, { namespace: ns, deployment_name: name, replicas: 3 });
    expect(result).toMatchObject({ ok: true, changed: [], data: { previousReplicas: 1, replicas: 3 } });
    expect(result.summary).toBe(`dry run: would have scaled deployment ${ns}/${name} from 1 to 3 replicas`);
    const after = await readDeployment(name);
    expect(written(after)).toBe(written(before));
    expect(after.spec?.replicas).toBe(1);
  });

  it("reports the apiserver's rejection of a negative count on a dry run", async () => {
    expect(scaleDeployment.args.safeParse({ namespace: ns, deployment_name: name, replicas: -1 }).success).toBe(false);
    const result = await dryRun(scaleDeployment, { namespace: ns, deployment_name: name, replicas: -1 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/greater than or equal to 0/);
    expect((await readDeployment(name)).spec?.replicas).toBe(1);
  });

  it("scales, and the new pods come up", async () => {
    const result = await real(scaleDeployment, { namespace: ns, deployment_name: name, replicas: 3 });
    expect(result).toMatchObject({
      ok: true,
      summary: `scaled deployment ${ns}/${name} from 1 to 3 replicas`,
      changed: [`Deployment/${ns}/${name}`],
      data: { previousReplicas: 1, replicas: 3 },
    });
    const done = await rolledOut(name);
    expect(done.status?.availableReplicas).toBe(3);
  });

  it("reports a count it already has without writing", async () => {
    const before = await readDeployment(name);
    const result = await real(scaleDeployment, { namespace: ns, deployment_name: name, replicas: 3 });
    expect(result).toMatchObject({ ok: true, changed: [], summary: `deployment ${ns}/${name} already has 3 replicas` });
    expect(written(await readDeployment(name))).toBe(written(before));
  });

  it("reports a missing Deployment and a caller without permission", async () => {
    const missing = await real(scaleDeployment, { namespace: ns, deployment_name: "missing", replicas: 2 });
    expect(missing).toMatchObject({ ok: false, summary: `deployment missing not found in namespace ${ns}` });
    const forbidden = await real(scaleDeployment, { namespace: ns, deployment_name: name, replicas: 2 }, userKube());
    expect(forbidden.ok).toBe(false);
    expect(forbidden.summary).toMatch(new RegExp(`^not allowed to scale deployment ${ns}/${name}: .*forbidden`));
    expect((await readDeployment(name)).spec?.replicas).toBe(3);
  });
});

describe("set_deployment_image and rollback_deployment", () => {
  const name = "images";
  const args = { namespace: "", deployment_name: name };

  beforeAll(async () => {
    args.namespace = ns;
    await createDeployment(name);
    await rolledOut(name);
  });

  it("has no earlier revision to roll back to at first", async () => {
    const result = await dryRun(rollbackDeployment, args);
    expect(result).toMatchObject({ ok: false, summary: `cannot roll back deployment ${ns}/${name}: no previous revision to roll back to` });
  });

  it("changes the image, after a dry run that changes nothing", async () => {
    const before = await readDeployment(name);
    const dry = await dryRun(setDeploymentImage, { ...args, image: "registry.example/app:2.0" });
    expect(dry).toMatchObject({ ok: true, changed: [], data: { previousImage: "registry.example/app:1.0", image: "registry.example/app:2.0" } });
    expect(written(await readDeployment(name))).toBe(written(before));

    const result = await real(setDeploymentImage, { ...args, image: "registry.example/app:2.0" });
    expect(result).toMatchObject({
      ok: true,
      summary: `changed image of ${ns}/${name}/app from registry.example/app:1.0 to registry.example/app:2.0`,
      changed: [`Deployment/${ns}/${name}`],
    });
    const done = await rolledOut(name);
    expect(appContainer(done)?.image).toBe("registry.example/app:2.0");
    expect(done.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
  });

  it("refuses a container the Deployment does not have", async () => {
    const result = await dryRun(setDeploymentImage, { ...args, container: "sidecar", image: "registry.example/app:3.0" });
    expect(result).toMatchObject({ ok: false, summary: `deployment ${ns}/${name} has no container sidecar (containers: app)` });
  });

  it("changes nothing on a dry run of the rollback", async () => {
    const before = await readDeployment(name);
    const result = await dryRun(rollbackDeployment, args);
    expect(result).toMatchObject({ ok: true, changed: [], data: { fromRevision: 2, toRevision: 1, restoredImages: "app=registry.example/app:1.0" } });
    const after = await readDeployment(name);
    expect(written(after)).toBe(written(before));
    expect(appContainer(after)?.image).toBe("registry.example/app:2.0");
  });

  it("refuses a revision that is not in the history", async () => {
    const result = await dryRun(rollbackDeployment, { ...args, to_revision: 9 });
    expect(result).toMatchObject({ ok: false, summary: `cannot roll back deployment ${ns}/${name}: revision 9 is not in the history (revisions: 1, 2)` });
  });

  it("restores the previous image, without the pod-template-hash label", async () => {
    const result = await real(rollbackDeployment, args);
    expect(result).toMatchObject({
      ok: true,
      summary: `rolled back deployment ${ns}/${name} from revision 2 to revision 1 (app=registry.example/app:1.0)`,
      changed: [`Deployment/${ns}/${name}`],
    });
    const restored = await readDeployment(name);
    expect(appContainer(restored)?.image).toBe("registry.example/app:1.0");
    expect(appContainer(restored)?.resources?.limits?.memory).toBe("128Mi");
    expect(restored.spec?.template?.metadata?.labels).toEqual({ app: name });
    // The controller reuses revision 1's ReplicaSet and renumbers it as revision 3.
    const done = await rolledOut(name);
    expect(done.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect((await replicaSetsOf(name)).length).toBe(2);
  });

  it("reports a missing Deployment", async () => {
    const result = await real(rollbackDeployment, { namespace: ns, deployment_name: "missing" });
    expect(result).toMatchObject({ ok: false, summary: `deployment missing not found in namespace ${ns}` });
  });
});

describe("restart_pod", () => {
  const name = "pods";

  beforeAll(async () => {
    await createDeployment(name);
    await rolledOut(name);
  });

  const podsOf = async (app: string) => (await core().listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;

  it("changes nothing on a dry run", async () => {
    const [pod] = await podsOf(name);
    const result = await dryRun(restartPod, { namespace: ns, pod_name: pod!.metadata!.name!, force: false });
    expect(result).toMatchObject({ ok: true, changed: [] });
    expect(result.data?.owner).toMatch(/^ReplicaSet\//);
    const after = await core().readNamespacedPod({ namespace: ns, name: pod!.metadata!.name! });
    expect(after.metadata?.uid).toBe(pod!.metadata?.uid);
    expect(after.metadata?.deletionTimestamp).toBeUndefined();
    expect(written(after)).toBe(written(pod!));
  });

  it("deletes the pod, and its ReplicaSet replaces it with a new one", async () => {
    const [pod] = await podsOf(name);
    const podName = pod!.metadata!.name!;
    const result = await real(restartPod, { namespace: ns, pod_name: podName, force: false });
    expect(result).toMatchObject({ ok: true, changed: [`Pod/${ns}/${podName}`] });
    expect(result.summary).toMatch(new RegExp(`^deleted pod ${ns}/${podName}; ReplicaSet/${name}-\\w+ will recreate it$`));
    await eventually(
      "the old pod gone and a new one running",
      async () => {
        const pods = await podsOf(name);
        const replaced = pods.every((p) => p.metadata?.uid !== pod!.metadata?.uid) && pods.some((p) => p.status?.phase === "Running");
        return replaced && pods.length === 1 ? pods : undefined;
      },
      ROLLOUT_MS,
    );
    const [fresh] = await podsOf(name);
    expect(fresh!.metadata?.name).not.toBe(podName);
  });

  it("refuses a pod no controller owns unless forced", async () => {
    await core().createNamespacedPod({ namespace: ns, body: podManifest("bare") });
    const refusedResult = await real(restartPod, { namespace: ns, pod_name: "bare", force: false });
    expect(refusedResult).toMatchObject({ ok: false, changed: [] });
    expect(refusedResult.summary).toMatch(/has no controller/);
    const kept = await core().readNamespacedPod({ namespace: ns, name: "bare" });
    expect(kept.metadata?.deletionTimestamp).toBeUndefined();

    const forced = await real(restartPod, { namespace: ns, pod_name: "bare", force: true });
    expect(forced).toMatchObject({ ok: true, changed: [`Pod/${ns}/bare`], data: { owner: null } });
    await eventually(
      "the bare pod gone",
      async () => {
        try {
          await core().readNamespacedPod({ namespace: ns, name: "bare" });
          return undefined;
        } catch (err) {
          return isApiStatus(err, 404) ? true : undefined;
        }
      },
      ROLLOUT_MS,
    );
  });

  it("reports a missing pod", async () => {
    const result = await dryRun(restartPod, { namespace: ns, pod_name: "missing", force: false });
    expect(result).toMatchObject({ ok: false, summary: `pod missing not found in namespace ${ns}` });
  });
});

describe("delete_evicted_pods", () => {
  it("deletes only the evicted pod, after a dry run that deletes nothing", async () => {
    await core().createNamespacedPod({ namespace: ns, body: podManifest("evicted", { "kubefix.io/simulate": "evicted" }) });
    await core().createNamespacedPod({ namespace: ns, body: podManifest("healthy") });
    await eventually(
      "the pod evicted",
      async () => {
        const pod = await core().readNamespacedPod({ namespace: ns, name: "evicted" });
        return pod.status?.reason === "Evicted" ? pod : undefined;
      },
      ROLLOUT_MS,
    );
    const names = async (): Promise<string[]> =>
      (await core().listNamespacedPod({ namespace: ns })).items
        .map((p) => p.metadata?.name ?? "")
        .filter((n) => n === "evicted" || n === "healthy")
        .sort();

    const dry = await dryRun(deleteEvictedPods, { namespace: ns, max_pods: 20 });
    expect(dry).toMatchObject({ ok: true, changed: [], data: { deleted: ["evicted"], left: 0 } });
    expect(dry.summary).toBe(`dry run: would have deleted 1 evicted pods in namespace ${ns}`);
    expect(await names()).toEqual(["evicted", "healthy"]);

    const result = await real(deleteEvictedPods, { namespace: ns, max_pods: 20 });
    expect(result).toMatchObject({ ok: true, changed: [`Pod/${ns}/evicted`], data: { deleted: ["evicted"] } });
    await eventually("the evicted pod gone", async () => ((await names()).includes("evicted") ? undefined : true), ROLLOUT_MS);
    expect(await names()).toEqual(["healthy"]);

    const again = await real(deleteEvictedPods, { namespace: ns, max_pods: 20 });
    expect(again).toMatchObject({ ok: true, changed: [], summary: `no evicted pods in namespace ${ns}` });
  });
});

describe("cordon_node and uncordon_node", () => {
  const nodeName = `remedy-node-${randomBytes(3).toString("hex")}`;
  const unschedulable = async (): Promise<boolean | undefined> => (await core().readNode({ name: nodeName })).spec?.unschedulable;

  beforeAll(async () => {
    await core().createNode({ body: fakeNode(nodeName) });
  });
  afterAll(async () => {
    await core().deleteNode({ name: nodeName });
  });

  it("cordons after a dry run that changes nothing, then uncordons", async () => {
    const before = await core().readNode({ name: nodeName });
    const dry = await dryRun(cordonNode, { node_name: nodeName });
    expect(dry).toMatchObject({ ok: true, changed: [], summary: `dry run: would have cordoned node ${nodeName}`, data: { unschedulable: true } });
    expect(await unschedulable()).toBeFalsy();
    // Only what cordoning writes: the node lifecycle controller adds labels and taints of its own meanwhile.
    const cordonState = (n: V1Node): unknown => [n.spec?.unschedulable, (n.spec?.taints ?? []).filter((t) => t.key === "node.kubernetes.io/unschedulable")];
    expect(cordonState(await core().readNode({ name: nodeName }))).toEqual(cordonState(before));

    const cordoned = await real(cordonNode, { node_name: nodeName });
    expect(cordoned).toMatchObject({ ok: true, changed: [`Node/${nodeName}`], summary: `cordoned node ${nodeName}` });
    expect(await unschedulable()).toBe(true);
    expect(await real(cordonNode, { node_name: nodeName })).toMatchObject({
      ok: true,
      changed: [],
      summary: `node ${nodeName} is already cordoned`,
    });

    const uncordoned = await real(uncordonNode, { node_name: nodeName });
    expect(uncordoned).toMatchObject({ ok: true, changed: [`Node/${nodeName}`], summary: `uncordoned node ${nodeName}` });
    expect(await unschedulable()).toBeFalsy();
  });

  it("reports a missing node", async () => {
    const result = await dryRun(cordonNode, { node_name: "no-such-node" });
    expect(result).toMatchObject({ ok: false, summary: "node no-such-node not found" });
  });
});

describe("suspend_cronjob and resume_cronjob", () => {
  const name = "nightly";
  const batch = (): BatchV1Api => adminKube().makeApiClient(BatchV1Api);
  const read = () => batch().readNamespacedCronJob({ namespace: ns, name });

  beforeAll(async () => {
    await batch().createNamespacedCronJob({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          schedule: "0 3 1 1 *",
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "job", image: "registry.example/job:1.0" }] } } },
          },
        },
      },
    });
  });

  it("suspends after a dry run that changes nothing, then resumes", async () => {
    const before = await read();
    const dry = await dryRun(suspendCronJob, { namespace: ns, cronjob_name: name });
    expect(dry).toMatchObject({ ok: true, changed: [], data: { suspend: true } });
    expect(written(await read())).toBe(written(before));

    const suspended = await real(suspendCronJob, { namespace: ns, cronjob_name: name });
    expect(suspended).toMatchObject({ ok: true, summary: `suspended cronjob ${ns}/${name}`, changed: [`CronJob/${ns}/${name}`] });
    expect((await read()).spec?.suspend).toBe(true);

    const resumed = await real(resumeCronJob, { namespace: ns, cronjob_name: name });
    expect(resumed).toMatchObject({ ok: true, summary: `resumed cronjob ${ns}/${name}`, changed: [`CronJob/${ns}/${name}`] });
    expect((await read()).spec?.suspend).toBe(false);
  });

  it("reports a missing CronJob", async () => {
    const result = await dryRun(suspendCronJob, { namespace: ns, cronjob_name: "missing" });
    expect(result).toMatchObject({ ok: false, summary: `cronjob missing not found in namespace ${ns}` });
  });
});

describe("scale_statefulset", () => {
  const name = "db";
  const read = () => apps().readNamespacedStatefulSet({ namespace: ns, name });

  beforeAll(async () => {
    await apps().createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          replicas: 1,
          serviceName: name,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "db", image: "registry.example/db:1.0" }] } },
        },
      },
    });
  });

  it("scales after a dry run that changes nothing, and the new pod comes up", async () => {
    const before = await read();
    const dry = await dryRun(scaleStatefulSet, { namespace: ns, statefulset_name: name, replicas: 2 });
    expect(dry).toMatchObject({ ok: true, changed: [], data: { previousReplicas: 1, replicas: 2 } });
    expect(written(await read())).toBe(written(before));

    const result = await real(scaleStatefulSet, { namespace: ns, statefulset_name: name, replicas: 2 });
    expect(result).toMatchObject({
      ok: true,
      summary: `scaled statefulset ${ns}/${name} from 1 to 2 replicas`,
      changed: [`StatefulSet/${ns}/${name}`],
    });
    expect((await read()).spec?.replicas).toBe(2);
    await eventually("pod db-1", () => core().readNamespacedPod({ namespace: ns, name: `${name}-1` }), ROLLOUT_MS);
  });

  it("reports a missing StatefulSet", async () => {
    const result = await real(scaleStatefulSet, { namespace: ns, statefulset_name: "missing", replicas: 1 });
    expect(result).toMatchObject({ ok: false, summary: `statefulset missing not found in namespace ${ns}` });
  });
});
