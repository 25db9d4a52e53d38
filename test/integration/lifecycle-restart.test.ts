/**
 * End to end for the failures a rolling restart or a rollback fixes: pods
 * that fail their liveness probe until restarted (kwok's `heal-on-restart`),
 * and a rollout stuck past its progress deadline, are diagnosed, fixed by the
 * operator, verified and resolved. Unready pods without an image change are
 * escalated: the rule suspects a dependency, which a restart does not fix.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KindClient } from "../../lib/kube/kind-client.js";
import type { Incident, IncidentInput } from "../../lib/resources.js";
import { createIntake } from "../../lib/intake/intake.js";
import type { RunningOperator } from "../../operator/main.js";
import { adminKube, eventually } from "./helpers.js";
import { startTestOperator } from "./operator-setup.js";
import { deploymentManifest, simulate, type Simulation } from "../fixtures/scenarios.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const TEST_TIMEOUT = 400_000;

let installNs = "";
let appNs = "";
let operator: RunningOperator;
let incidents: KindClient<Incident, IncidentInput>;

beforeAll(async () => {
  ({ installNs, appNs, operator, incidents } = await startTestOperator());
});
afterAll(async () => operator.stop());

async function failingDeployment(name: string, mode: Simulation, symptom: (p: V1Pod) => boolean): Promise<V1Pod> {
  await apps.createNamespacedDeployment({ namespace: appNs, body: deploymentManifest(name, { annotations: simulate(mode, { "heal-on-restart": "true" }) }) });
  return eventually(`a ${mode} pod`, async () => {
    const pods = await core.listNamespacedPod({ namespace: appNs, labelSelector: `app=${name}` });
    return pods.items.find(symptom);
  }, 100_000);
}

async function resolveThroughOperator(name: string, pod: V1Pod): Promise<Incident> {
  const message = `[告警] Pod 不健康\n服务: ${name}\n命名空间: ${appNs}\nPod: ${pod.metadata!.name}`;
  const { incidentId } = await createIntake({ kc, namespace: installNs }).receive({ message });
  return eventually(`incident ${incidentId} closed`, async () => {
    const inc = await incidents.get(incidentId.toLowerCase());
    return ["resolved", "escalated", "failed"].includes(inc.status?.phase ?? "") ? inc : undefined;
  }, 150_000);
}

const notReady = (p: V1Pod): boolean => p.status?.phase === "Running" && p.status.conditions?.find((c) => c.type === "Ready")?.status === "False";
const livenessKilled = (p: V1Pod): boolean => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1;

describe.each<[string, string, Simulation, (p: V1Pod) => boolean]>([
  ["liveness_failing", "search", "liveness-failing", livenessKilled],
])("%s", (_mode, name, mode, symptom) => {
  it("is fixed by a rolling restart, verified and resolved", { timeout: TEST_TIMEOUT }, async () => {
    const pod = await failingDeployment(name, mode, symptom);
    const incident = await resolveThroughOperator(name, pod);
    expect(incident.status?.phase).toBe("resolved");
    expect(incident.status?.proposal?.steps.map((s) => s.plugin)).toEqual(["rollout_restart_deployment"]);
    expect(incident.status?.policy?.verdict).toBe("auto_execute");
    expect(incident.status?.execution?.steps[0]).toMatchObject({ state: "succeeded", dryRun: "passed" });
    const d = await apps.readNamespacedDeployment({ name, namespace: appNs });
    expect(d.spec?.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeDefined();
    expect(d.status?.availableReplicas).toBe(1);
  });
});

describe("readiness_failing without an image change", () => {
  it("is escalated with the suspected dependency named, and nothing restarted", { timeout: TEST_TIMEOUT }, async () => {
    const name = "checkout";
    const pod = await failingDeployment(name, "not-ready", notReady);
    const before = await apps.readNamespacedDeployment({ name, namespace: appNs });
    const incident = await resolveThroughOperator(name, pod);
    expect(incident.status?.phase).toBe("escalated");
    expect(incident.status?.proposal).toBeUndefined();
    expect(incident.status?.diagnosis?.suggestedActions.join(" ")).toContain("重启所有副本修不好依赖");
    const d = await apps.readNamespacedDeployment({ name, namespace: appNs });
    expect(d.metadata?.generation).toBe(before.metadata?.generation);
    expect(d.spec?.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeUndefined();
  });
});

describe("rollout_stuck", () => {
  it("a rollout past its progress deadline is rolled back, verified and resolved", { timeout: TEST_TIMEOUT }, async () => {
    const name = "cart";
    await apps.createNamespacedDeployment({
      namespace: appNs,
      body: {
        metadata: { name },
        spec: {
          replicas: 1,
          progressDeadlineSeconds: 5,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "registry.example/app:1" }] } },
        },
      },
    });
    await eventually("revision 1 available", async () => ((await apps.readNamespacedDeployment({ name, namespace: appNs })).status?.availableReplicas === 1 ? true : undefined), 100_000);
    const v2 = { spec: { template: { metadata: { annotations: { "kubefix.io/simulate": "not-ready" } }, spec: { containers: [{ name: "app", image: "registry.example/app:2" }] } } } };
    await apps.patchNamespacedDeployment({ name, namespace: appNs, body: v2 }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch));
    await eventually("ProgressDeadlineExceeded", async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace: appNs });
      return d.status?.conditions?.some((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded") ? true : undefined;
    }, 100_000);
    const pod = await eventually("an app:2 pod", async () => {
      const pods = await core.listNamespacedPod({ namespace: appNs, labelSelector: `app=${name}` });
      return pods.items.find((p) => p.spec?.containers[0]?.image === "registry.example/app:2");
    });

    const incident = await resolveThroughOperator(name, pod);
    expect(incident.status?.phase).toBe("resolved");
    expect(incident.status?.proposal?.steps.map((s) => s.plugin)).toEqual(["rollback_deployment"]);
    const d = await apps.readNamespacedDeployment({ name, namespace: appNs });
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("registry.example/app:1");
    expect(d.spec?.template.metadata?.annotations?.["kubefix.io/simulate"]).toBeUndefined();
  });
});

describe("evicted_node_pressure", () => {
  it("an evicted pod is cleaned up, and the incident resolved once its node shows no pressure", { timeout: TEST_TIMEOUT }, async () => {
    await core.createNamespacedPod({
      namespace: appNs,
      body: {
        metadata: { name: "batch-worker", annotations: { "kubefix.io/simulate": "evicted" } },
        spec: { containers: [{ name: "app", image: "registry.example/worker:1" }] },
      },
    });
    const pod = await eventually("the pod evicted", async () => {
      const p = await core.readNamespacedPod({ name: "batch-worker", namespace: appNs });
      return p.status?.reason === "Evicted" ? p : undefined;
    }, 100_000);
    const message = `[告警] Pod Evicted\n命名空间: ${appNs}\nPod: ${pod.metadata!.name}`;
    const { incidentId } = await createIntake({ kc, namespace: installNs }).receive({ message });
    const incident = await eventually(`incident ${incidentId} closed`, async () => {
      const inc = await incidents.get(incidentId.toLowerCase());
      return ["resolved", "escalated", "failed"].includes(inc.status?.phase ?? "") ? inc : undefined;
    }, 150_000);
    expect(incident.status?.phase).toBe("resolved");
    expect(incident.status?.proposal?.steps.map((s) => s.plugin)).toEqual(["delete_evicted_pods"]);
    // Resolved because the evicted pod's node no longer reports pressure, not because the pod is gone.
    expect(incident.status?.verification?.message).toMatch(new RegExp(`node ${pod.spec!.nodeName!} no longer reports resource pressure`));
    const gone = await core.readNamespacedPod({ name: "batch-worker", namespace: appNs }).then(() => false, () => true);
    expect(gone).toBe(true);
  });
});
