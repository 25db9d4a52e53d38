/**
 * The incident lifecycle end to end for a bad release: a Deployment rolled out
 * from app:1 to app:2 whose new pods fail. The rule engine blames the rollout,
 * the operator rolls the Deployment back to the previous revision, verifies the
 * pods are healthy again and resolves the incident.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import { deploymentManifest, IMAGE_V1, IMAGE_V2, simulate, type Simulation } from "../fixtures/scenarios.js";
import { adminKube, eventually } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const STRATEGIC = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
/** How long a failure may take to show on a busy two-core machine. */
const WAIT = 100_000;
/** Room for the failure to develop, the incident to resolve and the pods to settle. */
const TEST_TIMEOUT = 400_000;

const podsOf = async (namespace: string, name: string): Promise<V1Pod[]> =>
  (await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` })).items;

const imageOf = async (namespace: string, name: string): Promise<string | undefined> =>
  (await apps.readNamespacedDeployment({ name, namespace })).spec?.template.spec?.containers[0]?.image;

const isReady = (p: V1Pod): boolean => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/**
 * A Deployment that runs app:1 healthily, then rolls out app:2 whose pods fail in `mode`
 * (only while the image is app:2); resolves with a failing app:2 pod.
 */
async function badRelease(namespace: string, name: string, mode: Simulation, waitingReason: string): Promise<V1Pod> {
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name, { image: IMAGE_V1 }) });
  await eventually(`deployment ${namespace}/${name} available`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    const st = d.status;
    const done = st?.observedGeneration === d.metadata?.generation && st?.updatedReplicas === 1 && st?.availableReplicas === 1;
    return done && !st?.unavailableReplicas ? d : undefined;
  }, WAIT);
  const body = {
    spec: { template: { metadata: { annotations: simulate(mode, { "fail-image": IMAGE_V2 }) }, spec: { containers: [{ name: "app", image: IMAGE_V2 }] } } },
  };
  await apps.patchNamespacedDeployment({ name, namespace, body }, STRATEGIC);
  return eventually(`an app:2 pod in ${waitingReason}`, async () =>
    (await podsOf(namespace, name)).find((p) => p.status?.containerStatuses?.[0]?.image === IMAGE_V2 && p.status.containerStatuses[0].state?.waiting?.reason === waitingReason), WAIT);
}

const alertFor = (title: string, namespace: string, name: string, pod: V1Pod): string =>
  `[告警] ${title}\n服务: ${name}\n命名空间: ${namespace}\nPod: ${pod.metadata!.name}`;

/** Sends the alert, waits for the incident to end and checks it was resolved by a rollback to app:1. */
async function expectRolledBack(s: OperatorSetup, name: string, title: string, pod: V1Pod): Promise<void> {
  const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message: alertFor(title, s.appNs, name, pod) });
  const incident = await phaseOf(s, incidentId, ["resolved", "escalated", "failed", "rejected"], 150_000);
  expect(incident.status?.phase).toBe("resolved");

  const status = incident.status!;
  expect(status.proposal?.steps.map((step) => step.plugin)).toEqual(["rollback_deployment"]);
  expect(status.proposal?.steps[0]?.parameters).toMatchObject({ namespace: s.appNs, deployment_name: name, to_revision: 1 });
  expect(status.policy?.verdict).toBe("auto_execute");
  expect(status.execution?.steps[0]).toMatchObject({ state: "succeeded", dryRun: "passed" });
  expect(status.resolution).toBe("fixed");

  expect(await imageOf(s.appNs, name)).toBe(IMAGE_V1);
  // Fails by timing out unless every remaining pod runs app:1 and is Ready.
  await eventually(`only ready app:1 pods of ${name}`, async () => {
    const live = (await podsOf(s.appNs, name)).filter((p) => !p.metadata?.deletionTimestamp);
    return live.length > 0 && live.every((p) => p.spec?.containers[0]?.image === IMAGE_V1 && isReady(p)) ? live : undefined;
  }, WAIT);
}

describe("a crash loop that began with an image change", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("is rolled back to the previous revision, verified and resolved", async () => {
    const pod = await badRelease(s.appNs, "user-service", "crash-loop", "CrashLoopBackOff");
    await expectRolledBack(s, "user-service", "Pod CrashLoopBackOff", pod);
  }, TEST_TIMEOUT);
});

describe("an image pull error that came with a rollout", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator();
  });
  afterAll(async () => s.operator.stop());

  it("is rolled back to the previous revision, verified and resolved", async () => {
    const pod = await badRelease(s.appNs, "order-service", "image-pull-error", "ImagePullBackOff");
    await expectRolledBack(s, "order-service", "Pod ImagePullBackOff", pod);
  }, TEST_TIMEOUT);
});
