/**
 * Execution safety on the real apiserver, operator in-process with two
 * workers: one execution at a time per written object (a Lease claim), a
 * cooldown keyed on the written object, a step-time policy check that
 * honours require_approval, a step result that survives a repeat alert
 * during the step, and proposals that expire. Each case asserts the cluster
 * afterwards.
 */
import { AppsV1Api, CoordinationV1Api, CoreV1Api, V1MicroTime } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIntake } from "../../lib/intake/intake.js";
import type { Incident } from "../../lib/resources.js";
import { SETTINGS_CONFIGMAP } from "../../lib/settings/config-store.js";
import type { DiagnosisEngine } from "../../operator/lifecycle/engine.js";
import { claimLeaseName } from "../../operator/lifecycle/execution-claim-decision.js";
import { CLAIM_HOLDER_LABEL } from "../../operator/lifecycle/execution-claims.js";
import { rfc3339 } from "../../operator/lifecycle/timeline.js";
import { counterNameFor, slowCountingPatch, WRITES_ANNOTATION } from "../fixtures/counting-plugin.js";
import { proposingEngine } from "../fixtures/proposing-engine.js";
import { deploymentManifest } from "../fixtures/scenarios.js";
import { ADMIN_USER, adminKube, eventually, kubectl } from "./helpers.js";
import { phaseOf, startTestOperator, type OperatorSetup } from "./operator-setup.js";

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const coordination = kc.makeApiClient(CoordinationV1Api);

const restart = (namespace: string, name: string) => [
  { plugin: "rollout_restart_deployment", parameters: { namespace, deployment_name: name }, description: "restart" },
];
const scale = (namespace: string, name: string) => [
  { plugin: "scale_deployment", parameters: { namespace, deployment_name: name, replicas: 6 }, description: "2 -> 6" },
];

async function healthyDeployment(namespace: string, name: string, replicas = 1): Promise<string> {
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name, { replicas }) });
  return eventually(`${name} available`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    if (d.status?.availableReplicas !== replicas) return undefined;
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    return pods.items[0]?.metadata?.name;
  }, 90_000);
}

/** Posts an alert titled `title` on the Deployment's pod; resolves with the incident's resource name. */
async function alert(s: OperatorSetup, title: string, deployment: string, pod: string): Promise<string> {
  const message = `[告警] ${title}\n服务: ${deployment}\n部署: ${deployment}\n命名空间: ${s.appNs}\nPod: ${pod}\n级别: high`;
  const { incidentId } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "alert_bot" });
  return incidentId.toLowerCase();
}

const generationOf = async (namespace: string, name: string): Promise<number> =>
  (await apps.readNamespacedDeployment({ name, namespace })).metadata?.generation ?? 0;
const restartedAtOf = async (namespace: string, name: string): Promise<string | undefined> =>
  (await apps.readNamespacedDeployment({ name, namespace })).spec?.template.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"];
const stepStartsOf = (incident: Incident, index: number): number =>
  (incident.status?.timeline ?? []).filter((e) => e.type === "step_started" && e.data?.index === index).length;

/** A claim on `key` as a crashed operator would leave it: held by `holder`, renewed now, lapsing after `seconds`. */
async function foreignClaim(s: OperatorSetup, key: string, holder: string, seconds: number): Promise<void> {
  const now = new V1MicroTime(Date.now());
  await coordination.createNamespacedLease({
    namespace: s.installNs,
    body: {
      metadata: { name: claimLeaseName(key), labels: { [CLAIM_HOLDER_LABEL]: holder } },
      spec: { holderIdentity: holder, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now },
    },
  });
}

/** Waits until step `index` of the incident is pending with a note that it waits for a claim. */
function waitingOnClaim(s: OperatorSetup, name: string, index = 0): Promise<Incident> {
  return eventually(`${name} waiting for its object's claim`, async () => {
    const inc = await s.incidents.get(name);
    const step = inc.status?.execution?.steps[index];
    return inc.status?.phase === "executing" && step?.state === "pending" && step.output?.startsWith("waiting:") ? inc : undefined;
  }, 120_000);
}

async function approve(s: OperatorSetup, name: string, proposalRevision: number): Promise<void> {
  const decision = { action: "approve", by: ADMIN_USER, via: "kubectl", at: rfc3339(new Date()), proposalRevision };
  const current = await s.incidents.get(name);
  const decisions = [...(current.spec.decisions ?? []), decision];
  await kubectl(["patch", "incident", name, "-n", s.installNs, "--type=merge", "-p", JSON.stringify({ spec: { decisions } })]);
}

describe("two incidents whose steps write one Deployment", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: proposingEngine({ restart }), policy: { cooldownSeconds: 600 } });
  });
  afterAll(async () => s.operator.stop());

  it("executed concurrently by two workers write once; the second waits on the claim, then for approval (cooldown)", async () => {
    const pod = await healthyDeployment(s.appNs, "api");
    const key = `Deployment/${s.appNs}/api`;
    // A claim a crashed operator left: both incidents reach their step while it is held, then it lapses on its own.
    await foreignClaim(s, key, "inc-crashed", 30);
    const generation = await generationOf(s.appNs, "api");
    const [a, b] = await Promise.all([alert(s, "restart api memory", "api", pod), alert(s, "restart api latency", "api", pod)]);
    expect(a).not.toBe(b);

    const [wa, wb] = await Promise.all([waitingOnClaim(s, a), waitingOnClaim(s, b)]);
    for (const w of [wa, wb]) {
      expect(w.status?.policy?.verdict).toBe("auto_execute");
      expect(w.status?.execution?.steps[0]?.output).toContain(`${key} is being changed by inc-crashed`);
    }
    expect(await generationOf(s.appNs, "api")).toBe(generation);

    // The crashed holder's claim lapses: one incident runs, the other re-checks the cooldown after claiming and waits for a human.
    const [da, db] = await Promise.all([
      phaseOf(s, a, ["resolved", "awaiting_approval", "escalated", "failed"], 150_000),
      phaseOf(s, b, ["resolved", "awaiting_approval", "escalated", "failed"], 150_000),
    ]);
    const phases = [da.status?.phase, db.status?.phase].sort();
    expect(phases).toEqual(["awaiting_approval", "resolved"]);
    const second = da.status?.phase === "awaiting_approval" ? da : db;
    expect(second.status?.policy?.reasons.join(" ")).toMatch(/cooldown is 600s/);
    expect(second.status?.timeline?.at(-1)).toMatchObject({ type: "approval_requested" });
    expect(second.status?.execution?.steps[0]?.state).toBe("pending");
    expect(stepStartsOf(second, 0)).toBe(0);
    expect(await generationOf(s.appNs, "api")).toBe(generation + 1);
    expect(await restartedAtOf(s.appNs, "api")).toBeDefined();

    // Nothing is left holding the object.
    const leases = await coordination.listNamespacedLease({ namespace: s.installNs, labelSelector: CLAIM_HOLDER_LABEL });
    expect(leases.items.map((l) => l.spec?.holderIdentity)).toEqual([]);

    // c. An approval of that revision runs the step exactly once.
    await approve(s, second.metadata.name!, second.status!.proposal!.revision);
    const done = await phaseOf(s, second.metadata.name!, ["resolved", "escalated", "failed"], 150_000);
    expect(done.status?.phase).toBe("resolved");
    expect(done.status?.execution?.steps[0]?.state).toBe("succeeded");
    expect(stepStartsOf(done, 0)).toBe(1);
    expect(await generationOf(s.appNs, "api")).toBe(generation + 2);
  }, 420_000);
});

describe("a step-time policy check (the quota changed between proposal and step)", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: proposingEngine({ restart }) });
  });
  afterAll(async () => s.operator.stop());

  it("sends the incident back to awaiting_approval with nothing written; an approval of that revision runs it once", async () => {
    const pod = await healthyDeployment(s.appNs, "web");
    await foreignClaim(s, `Deployment/${s.appNs}/web`, "inc-other", 30);
    const name = await alert(s, "restart web", "web", pod);
    await waitingOnClaim(s, name);
    const generation = await generationOf(s.appNs, "web");

    await core.createNamespacedConfigMap({ namespace: s.installNs, body: { metadata: { name: SETTINGS_CONFIGMAP }, data: { HOURLY_QUOTA: "0" } } });
    await eventually("the quota to reload", () => (s.operator.config().policy.hourlyQuota === 0 ? true : undefined));

    const back = await phaseOf(s, name, ["awaiting_approval", "resolved", "escalated", "failed"], 120_000);
    expect(back.status?.phase).toBe("awaiting_approval");
    expect(back.status?.policy).toMatchObject({ verdict: "require_approval", proposalRevision: 1 });
    expect(back.status?.timeline?.at(-1)).toMatchObject({ type: "approval_requested" });
    expect(back.status?.timeline?.at(-1)?.message).toMatch(/before step 0: hourly quota spent/);
    expect(back.status?.execution?.steps[0]?.state).toBe("pending");
    expect(await generationOf(s.appNs, "web")).toBe(generation);

    await approve(s, name, 1);
    const done = await phaseOf(s, name, ["resolved", "escalated", "failed"], 150_000);
    expect(done.status?.phase).toBe("resolved");
    expect(stepStartsOf(done, 0)).toBe(1);
    expect(done.status?.timeline?.filter((e) => e.type === "execution_started").at(-1)?.data).toMatchObject({ resumed: true });
    expect(await generationOf(s.appNs, "web")).toBe(generation + 1);
  }, 300_000);
});

/** Two counted steps on two ConfigMaps; the first sleeps `sleepMs` after its write. */
function twoStepEngine(sleepMs: number): DiagnosisEngine {
  return {
    name: "rules",
    diagnose(incident) {
      const namespace = incident.spec.target?.namespace ?? "";
      const name = incident.spec.target?.name ?? "";
      const diagnosis = { engine: "rules" as const, conclusion: "test failure", confidence: 0.95, keyFindings: [], suggestedActions: [], diagnosedAt: rfc3339(new Date()) };
      const step = (cm: string, sleep_ms: number) => ({ plugin: slowCountingPatch.name, parameters: { namespace, configmap_name: cm, sleep_ms }, description: `count ${cm}` });
      return Promise.resolve({
        diagnosis,
        proposal: {
          description: "count two writes",
          steps: [step(counterNameFor(name), sleepMs), step(counterNameFor(`${name}-second`), 0)],
          riskLevel: "low" as const,
          estimatedDuration: "1m",
          rollbackPlan: "none",
        },
      });
    },
  };
}

describe("a repeat alert during a slow step", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: twoStepEngine(8_000), extraPlugins: [slowCountingPatch] });
  });
  afterAll(async () => s.operator.stop());

  const writes = async (cm: string): Promise<number> =>
    Number((await core.readNamespacedConfigMap({ name: cm, namespace: s.appNs })).metadata?.annotations?.[WRITES_ANNOTATION]);

  it("leaves that step succeeded and runs the next step; the plugin ran exactly once per step", async () => {
    for (const cm of [counterNameFor("svc"), counterNameFor("svc-second")]) {
      await core.createNamespacedConfigMap({ namespace: s.appNs, body: { metadata: { name: cm, annotations: { [WRITES_ANNOTATION]: "0" } } } });
    }
    const pod = await healthyDeployment(s.appNs, "svc");
    const name = await alert(s, "svc failing", "svc", pod);
    await eventually("step 0 running with its write counted", async () => {
      const inc = await s.incidents.get(name);
      return inc.status?.execution?.steps[0]?.state === "started" && (await writes(counterNameFor("svc"))) === 1 ? true : undefined;
    }, 120_000);

    // The repeat alert patches spec.occurrences while the step sleeps: the step's resourceVersion is gone.
    const repeat = await alert(s, "svc failing", "svc", pod);
    expect(repeat).toBe(name);
    expect((await s.incidents.get(name)).spec.occurrences).toBe(2);

    const done = await phaseOf(s, name, ["resolved", "escalated", "failed"], 150_000);
    expect(done.status?.execution?.steps.map((st) => st.state)).toEqual(["succeeded", "succeeded"]);
    expect(done.status?.phase).toBe("resolved");
    expect(stepStartsOf(done, 0)).toBe(1);
    expect(stepStartsOf(done, 1)).toBe(1);
    expect(await writes(counterNameFor("svc"))).toBe(1);
    expect(await writes(counterNameFor("svc-second"))).toBe(1);
    expect(done.spec.occurrences).toBe(2);
  }, 300_000);
});

describe("a proposal nobody decides on within proposalTtlMinutes", () => {
  let s: OperatorSetup;
  beforeAll(async () => {
    s = await startTestOperator({ engine: proposingEngine({ scale }), config: { proposalTtlMinutes: 1 } });
  });
  afterAll(async () => s.operator.stop());

  it("is diagnosed again under a new revision, and an approval of the old revision runs nothing", async () => {
    const pod = await healthyDeployment(s.appNs, "shop", 2);
    const name = await alert(s, "scale shop", "shop", pod);
    const first = await phaseOf(s, name, ["awaiting_approval", "resolved", "escalated"]);
    expect(first.status?.phase).toBe("awaiting_approval");
    expect(first.status?.proposal?.revision).toBe(1);

    // No watch event arrives while it waits: the reconciler's requeue at expiry brings it back.
    const renewed = await eventually("a second revision", async () => {
      const inc = await s.incidents.get(name);
      return inc.status?.proposal?.revision === 2 && inc.status.phase === "awaiting_approval" ? inc : undefined;
    }, 150_000);
    const expired = renewed.status?.timeline?.find((e) => e.type === "diagnosis_started" && e.data?.reason === "proposal_expired");
    expect(expired?.message).toMatch(/proposal revision 1 expired/);
    expect(Date.parse(renewed.status!.proposal!.proposedAt)).toBeGreaterThanOrEqual(Date.parse(first.status!.proposal!.proposedAt) + 60_000);

    await approve(s, name, 1);
    const after = await eventually("the stale approval to be processed", async () => {
      const inc = await s.incidents.get(name);
      return inc.status?.processedDecisions === 1 ? inc : undefined;
    });
    expect(after.status?.phase).toBe("awaiting_approval");
    expect(after.status?.execution).toBeUndefined();
    expect(after.status?.timeline?.at(-1)?.message).toMatch(/approves proposal revision 1, the current one is 2/);
    expect((await apps.readNamespacedDeployment({ name: "shop", namespace: s.appNs })).spec?.replicas).toBe(2);
  }, 300_000);
});
