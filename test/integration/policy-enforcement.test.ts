/**
 * Policy on the real cluster, through the operator: a proposal outside
 * policy is never executed. The proposals come from a stub engine so that
 * each case isolates one rule.
 */
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import { proposingEngine } from "../fixtures/proposing-engine.js";
import { deploymentManifest } from "../fixtures/scenarios.js";
import { ADMIN_USER, adminKube, eventually, kubectl } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);

const engine = proposingEngine({
  scale: (namespace, name) => [{ plugin: "scale_deployment", parameters: { namespace, deployment_name: name, replicas: 6 }, description: "2 -> 6" }],
  verb: (namespace, name) => [
    { plugin: "rollout_restart_deployment", parameters: { namespace, deployment_name: name, reason: "then rm -rf /var/cache" }, description: "restart" },
  ],
  restart: (namespace, name) => [{ plugin: "rollout_restart_deployment", parameters: { namespace, deployment_name: name }, description: "restart" }],
});

async function healthyDeployment(namespace: string, name: string): Promise<string> {
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name, { replicas: 2 }) });
  return eventually(`${name} available`, async () => {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    const d = await apps.readNamespacedDeployment({ name, namespace });
    return d.status?.availableReplicas === 2 ? pods.items[0]?.metadata?.name : undefined;
  });
}

async function alert(s: OperatorSetup, word: string, name: string): Promise<string> {
  const pod = await healthyDeployment(s.appNs, name);
  const message = `[告警] ${word} ${name}\n服务: ${name}\n部署: ${name}\n命名空间: ${s.appNs}\nPod: ${pod}`;
  return (await createIntake({ kc, namespace: s.installNs }).receive({ message })).incidentId;
}

const replicasOf = async (namespace: string, name: string): Promise<number | undefined> =>
  (await apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;
const generationOf = async (namespace: string, name: string): Promise<number | undefined> =>
  (await apps.readNamespacedDeployment({ name, namespace })).metadata?.generation;

describe("the default policy", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine });
  });
  afterAll(async () => s.operator.stop());

  it("a replica change of +200 % waits for approval, and runs once approved", async () => {
    const id = await alert(s, "scale", "web");
    const waiting = await phaseOf(s, id, ["awaiting_approval", "executing", "resolved", "escalated"]);
    expect(waiting.status?.phase).toBe("awaiting_approval");
    expect(waiting.status?.policy?.reasons.join(" ")).toContain("replica change 2 -> 6 (200%) exceeds ±50%");
    expect(await replicasOf(s.appNs, "web")).toBe(2);

    const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    await kubectl(["patch", "incident", id.toLowerCase(), "-n", s.installNs, "--type=merge", "-p", JSON.stringify({ spec: { decisions: [{ action: "approve", by: ADMIN_USER, via: "kubectl", at }] } })]);
    const done = await phaseOf(s, id, ["resolved", "escalated", "failed"], 150_000);
    expect(done.status?.phase).toBe("resolved");
    expect(await replicasOf(s.appNs, "web")).toBe(6);
  });

  it("a forbidden verb in any argument is denied and escalated, never executed", async () => {
    const id = await alert(s, "verb", "api");
    const generation = await generationOf(s.appNs, "api");
    const done = await phaseOf(s, id, ["escalated", "resolved", "executing"]);
    expect(done.status?.phase).toBe("escalated");
    expect(done.status?.policy?.verdict).toBe("deny");
    expect(done.status?.policy?.reasons.join(" ")).toContain('forbidden verb "rm -rf"');
    expect(done.status?.execution).toBeUndefined();
    expect(await generationOf(s.appNs, "api")).toBe(generation);
  });
});

describe("an hourly quota of one execution", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine, policy: { hourlyQuota: 1 } });
  });
  afterAll(async () => s.operator.stop());

  it("lets the first proposal run and holds the second for approval, counting from the cluster", async () => {
    const first = await alert(s, "restart", "one");
    expect((await phaseOf(s, first, ["resolved", "escalated", "failed"], 150_000)).status?.phase).toBe("resolved");

    const second = await alert(s, "restart", "two");
    const generation = await generationOf(s.appNs, "two");
    const waiting = await phaseOf(s, second, ["awaiting_approval", "resolved", "escalated"]);
    expect(waiting.status?.phase).toBe("awaiting_approval");
    expect(waiting.status?.policy?.reasons.join(" ")).toContain("hourly quota spent: 1 of 1");
    expect(await generationOf(s.appNs, "two")).toBe(generation);
  });
});
