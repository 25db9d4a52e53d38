/**
 * Every failure mode against the real control plane, through alert intake and the operator: each scenario builds
 * the failure in a fresh namespace (kwok plays the kubelet, test/kwok/stages.yaml), waits until
 * the cluster shows it, then diagnoses it exactly as the operator does: the rule engine gathering
 * live evidence through the registry's diagnostic plugins. A proposal is also dry-run through its
 * remediation plugin, so that it is one the operator could execute.
 */
import { randomBytes } from "node:crypto";
import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1ContainerStatus,
  type V1Deployment,
  type V1Pod,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { componentLogger } from "../../lib/logger.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { OperatorConfig } from "../../lib/settings/operator-config.js";
import { createIntake, type Intake } from "../../lib/intake/intake.js";
import { startOperator, type RunningOperator } from "../../operator/main.js";
import type { DiagnosisOutcome } from "../../operator/lifecycle/engine.js";
import { diagnosticPlugins } from "../../operator/plugins/builtin/diagnostic/index.js";
import { remediationPlugins } from "../../operator/plugins/builtin/remediation/index.js";
import { PluginRegistry } from "../../operator/plugins/registry.js";
import { deploymentManifest, IMAGE_V1, IMAGE_V2, scenarioNode, simulate, type DeploymentOptions } from "../fixtures/scenarios.js";
import { adminKube, createNamespace, eventually, podManifest } from "./helpers.js";

type Target = NonNullable<Incident["spec"]["target"]>;

/** How long a failure may take to show on a busy two-core machine. */
const WAIT = 100_000;
const APP = "user-service";
const STRATEGIC = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);

const kc = adminKube();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const namespaces: string[] = [];
let registry: PluginRegistry;
let operator: RunningOperator;
let incidents: KindClient<Incident, IncidentInput>;
let intake: Intake;

// ---------------------------------------------------------------------------------------------
// Building the cluster state

/**
 * Scenarios registered while the file is collected and started together by a beforeAll, so
 * that their failures develop in parallel; each test then awaits its own.
 */
class Scenarios {
  private readonly starters: (() => void)[] = [];

  add(prefix: string, build: (ns: string) => Promise<Target>): () => Promise<Target> {
    let running: Promise<Target> | undefined;
    this.starters.push(() => {
      running = createNamespace(prefix).then((ns) => {
        namespaces.push(ns);
        return build(ns);
      });
      // A failed build fails its own test when awaited there, not the run as an unhandled rejection.
      running.catch(() => undefined);
    });
    return () => running ?? Promise.reject(new Error(`scenario ${prefix} was never started`));
  }

  start(): void {
    for (const start of this.starters) start();
  }
}

const deployment = (ns: string, name: string, o: DeploymentOptions = {}): Promise<V1Deployment> =>
  apps.createNamespacedDeployment({ namespace: ns, body: deploymentManifest(name, o) });

const deploymentTarget = (ns: string, name = APP): Target => ({ kind: "Deployment", name, namespace: ns });

const podsOf = async (ns: string, app = APP): Promise<V1Pod[]> =>
  (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;

/** Waits for a pod of `app` that passes `test`. */
const podWhere = (ns: string, what: string, test: (p: V1Pod) => boolean, app = APP): Promise<V1Pod> =>
  eventually(`${what} in ${ns}`, async () => (await podsOf(ns, app)).find(test), WAIT);

const container = (p: V1Pod): V1ContainerStatus | undefined => p.status?.containerStatuses?.[0];

/** The scheduler's message on a pod it could not place. */
const unschedulableMessage = (p: V1Pod): string =>
  p.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False")?.message ?? "";

/** Waits for an event of `reason` whose message matches. */
const eventWhere = (ns: string, reason: string, message: RegExp): Promise<unknown> =>
  eventually(
    `a ${reason} event in ${ns}`,
    async () => (await core.listNamespacedEvent({ namespace: ns, fieldSelector: `reason=${reason}` })).items.find((e) => message.test(e.message ?? "")),
    WAIT,
  );

/** Waits until the Deployment runs its current template on every replica. */
const rolledOut = (ns: string, name = APP): Promise<V1Deployment> =>
  eventually(
    `deployment ${ns}/${name} rolled out`,
    async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace: ns });
      const s = d.status;
      const done = s?.observedGeneration === d.metadata?.generation && s?.updatedReplicas === d.spec?.replicas && s?.availableReplicas === d.spec?.replicas;
      return done && !s?.unavailableReplicas ? d : undefined;
    },
    WAIT,
  );

/** Rolls out IMAGE_V2 (plus `extra` of the spec) once revision 1 is fully rolled out. */
async function rollOutV2(ns: string, extra: Record<string, unknown> = {}, templateMeta: Record<string, unknown> = {}): Promise<void> {
  await rolledOut(ns);
  const body = { spec: { ...extra, template: { metadata: templateMeta, spec: { containers: [{ name: "app", image: IMAGE_V2 }] } } } };
  await apps.patchNamespacedDeployment({ name: APP, namespace: ns, body }, STRATEGIC);
}

// ---------------------------------------------------------------------------------------------
// Diagnosing it

/** An alert naming `target` the way monitoring systems do. */
function alertFor(target: Target): string {
  switch (target.kind) {
    case "Node":
      return `[告警] Node NotReady\n节点: ${target.name}${target.namespace ? `\n命名空间: ${target.namespace}` : ""}`;
    case "Pod":
      return `[告警] Pod 异常\n命名空间: ${target.namespace}\nPod: ${target.name}`;
    case "Service":
      return `[告警] 服务不可用\n服务: ${target.name}\n命名空间: ${target.namespace}`;
    default:
      return `[告警] ${target.name} 异常\n服务: ${target.name}\n命名空间: ${target.namespace}\nDeployment: ${target.name}`;
  }
}

/**
 * Posts an alert about `target` through intake and lets the operator diagnose it (it stops at
 * awaiting_confirmation, or escalates when there is no safe fix), then reads the diagnosis and
 * proposal from the incident. The operator gathers evidence through the registry's plugins.
 */
async function diagnose(target: Target): Promise<DiagnosisOutcome> {
  const { incidentId } = await intake.receive({ message: alertFor(target), sender_id: "failure-modes" });
  const incident = await eventually(
    `incident ${incidentId} diagnosed`,
    async () => {
      const inc = await incidents.get(incidentId.toLowerCase());
      return ["awaiting_confirmation", "escalated"].includes(inc.status?.phase ?? "") ? inc : undefined;
    },
    WAIT,
  );
  // Nodes are cluster-scoped: intake gives a Node target no namespace.
  expect(incident.spec.target).toMatchObject(target.kind === "Node" ? { kind: "Node", name: target.name } : target);
  const { diagnosis, proposal } = incident.status!;
  const outcome: DiagnosisOutcome = {
    diagnosis: diagnosis!,
    ...(proposal ? { proposal: { description: proposal.description, steps: proposal.steps, riskLevel: proposal.riskLevel, estimatedDuration: proposal.estimatedDuration, rollbackPlan: proposal.rollbackPlan } } : {}),
  };
  // Every plugin answered: no finding says the evidence may be incomplete.
  expect(outcome.diagnosis.keyFindings.filter((f) => f.source === "rule-engine")).toEqual([]);
  return outcome;
}

function expectConfidence(outcome: DiagnosisOutcome, low: number, high: number): void {
  expect(outcome.diagnosis.confidence).toBeGreaterThanOrEqual(low);
  expect(outcome.diagnosis.confidence).toBeLessThanOrEqual(high);
}

/** Every finding and evidence line of the diagnosis. */
const linesOf = (outcome: DiagnosisOutcome): string[] => outcome.diagnosis.keyFindings.flatMap((f) => [f.finding, ...(f.evidence ?? [])]);

/** One step with exactly these parameters, at this risk, which the plugin accepts in a dry run. */
async function expectProposal(outcome: DiagnosisOutcome, plugin: string, parameters: Record<string, unknown>, risk: string): Promise<void> {
  expect(outcome.proposal?.steps.map((s) => ({ plugin: s.plugin, parameters: s.parameters }))).toEqual([{ plugin, parameters }]);
  expect(outcome.proposal?.riskLevel).toBe(risk);
  const dryRun = await registry.dryRun(plugin, parameters);
  expect(dryRun.ok, dryRun.summary).toBe(true);
}

// ---------------------------------------------------------------------------------------------

const early = new Scenarios();

const oom = early.add("fm-oom", async (ns) => {
  await deployment(ns, APP, { memoryLimit: "128Mi", annotations: simulate("oom-killed", { "oom-limit": "128Mi" }) });
  await podWhere(ns, "an OOMKilled pod", (p) => container(p)?.lastState?.terminated?.reason === "OOMKilled");
  return deploymentTarget(ns);
});

const crash = early.add("fm-crash", async (ns) => {
  await deployment(ns, APP, { annotations: simulate("crash-loop", { "exit-code": "1" }) });
  await podWhere(ns, "a crash-looping pod", (p) => container(p)?.state?.waiting?.reason === "CrashLoopBackOff" && container(p)?.lastState?.terminated?.exitCode === 1);
  return deploymentTarget(ns);
});

const badRelease = early.add("fm-release", async (ns) => {
  await deployment(ns, APP, { image: IMAGE_V1, annotations: simulate("crash-loop", { "fail-image": IMAGE_V2 }) });
  await rollOutV2(ns);
  await podWhere(ns, "an app:2 pod crash-looping", (p) => container(p)?.image === IMAGE_V2 && container(p)?.state?.waiting?.reason === "CrashLoopBackOff");
  return deploymentTarget(ns);
});

const badImage = early.add("fm-pull", async (ns) => {
  await deployment(ns, APP, { image: IMAGE_V1, annotations: simulate("image-pull-error", { "fail-image": IMAGE_V2 }) });
  await rollOutV2(ns);
  await podWhere(ns, "an app:2 pod in ImagePullBackOff", (p) => container(p)?.image === IMAGE_V2 && container(p)?.state?.waiting?.reason === "ImagePullBackOff");
  return deploymentTarget(ns);
});

const tooBig = early.add("fm-cpu", async (ns) => {
  await deployment(ns, APP, { cpuRequest: "500" });
  await podWhere(ns, "a pod short of cpu", (p) => unschedulableMessage(p).includes("Insufficient cpu"));
  return deploymentTarget(ns);
});

const noSuchNodes = early.add("fm-selector", async (ns) => {
  await deployment(ns, APP, { nodeSelector: { disktype: "nvme" } });
  await podWhere(ns, "a pod no node matches", (p) => unschedulableMessage(p).includes("didn't match Pod's node affinity/selector"));
  return deploymentTarget(ns);
});

const unboundClaim = early.add("fm-pvc", async (ns) => {
  await core.createNamespacedPersistentVolumeClaim({
    namespace: ns,
    body: { metadata: { name: "data" }, spec: { storageClassName: "no-such-class", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
  });
  const pod = podManifest("db");
  pod.spec!.volumes = [{ name: "data", persistentVolumeClaim: { claimName: "data" } }];
  await core.createNamespacedPod({ namespace: ns, body: pod });
  await podWhere(ns, "a pod waiting for its claim", (p) => unschedulableMessage(p).includes("unbound immediate PersistentVolumeClaims"), "db");
  return { kind: "Pod", name: "db", namespace: ns };
});

const unready = early.add("fm-ready", async (ns) => {
  await deployment(ns, APP, { annotations: simulate("not-ready") });
  await podWhere(ns, "a running, unready pod", (p) => p.status?.phase === "Running" && container(p)?.started === true && container(p)?.ready === false);
  await eventWhere(ns, "Unhealthy", /^Readiness probe failed/);
  return deploymentTarget(ns);
});

const liveness = early.add("fm-live", async (ns) => {
  await deployment(ns, APP, { annotations: simulate("liveness-failing") });
  await podWhere(ns, "a container killed by its liveness probe", (p) => (container(p)?.restartCount ?? 0) > 0 && container(p)?.lastState?.terminated?.exitCode === 137);
  await eventWhere(ns, "Unhealthy", /^Liveness probe failed/);
  return deploymentTarget(ns);
});

const evicted = early.add("fm-evict", async (ns) => {
  await core.createNamespacedPod({ namespace: ns, body: podManifest("batch", simulate("evicted")) });
  await podWhere(ns, "an evicted pod", (p) => p.status?.phase === "Failed" && p.status.reason === "Evicted", "batch");
  return { kind: "Pod", name: "batch", namespace: ns };
});

const stuck = early.add("fm-stuck", async (ns) => {
  await deployment(ns, APP, { image: IMAGE_V1 });
  // Revision 2 never becomes ready, and the controller gives up on it after one second.
  await rollOutV2(ns, { progressDeadlineSeconds: 1 }, { annotations: simulate("not-ready") });
  await eventually(
    "Progressing=False ProgressDeadlineExceeded",
    async () => {
      const d = await apps.readNamespacedDeployment({ name: APP, namespace: ns });
      return d.status?.conditions?.find((c) => c.type === "Progressing" && c.status === "False" && c.reason === "ProgressDeadlineExceeded");
    },
    WAIT,
  );
  await podWhere(ns, "a running, unready app:2 pod", (p) => container(p)?.image === IMAGE_V2 && p.status?.phase === "Running" && container(p)?.ready === false);
  return deploymentTarget(ns);
});

const missingKey = early.add("fm-config", async (ns) => {
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "app-config" }, data: { url: "postgres://db" } } });
  await deployment(ns, APP, { env: [{ name: "DB_HOST", valueFrom: { configMapKeyRef: { name: "app-config", key: "db-host" } } }] });
  // kwok does not fake CreateContainerConfigError: the pod runs, and the evidence is the missing key.
  await podWhere(ns, "a pod of the Deployment", () => true);
  return deploymentTarget(ns);
});

const overQuota = early.add("fm-quota", async (ns) => {
  await core.createNamespacedResourceQuota({ namespace: ns, body: { metadata: { name: "pod-count" }, spec: { hard: { pods: "1" } } } });
  // Until the quota controller has computed its status, admission refuses pods for another reason.
  await eventually("the quota's status", async () => (await core.readNamespacedResourceQuota({ name: "pod-count", namespace: ns })).status?.hard, WAIT);
  await deployment(ns, APP, { replicas: 3 });
  await eventWhere(ns, "FailedCreate", /exceeded quota: pod-count/);
  return deploymentTarget(ns);
});

const lonelyService = early.add("fm-svc", async (ns) => {
  await core.createNamespacedService({ namespace: ns, body: { metadata: { name: "checkout" }, spec: { selector: { app: "checkout" }, ports: [{ port: 80 }] } } });
  // The EndpointSlice controller's slice for a selector that matches nothing: `endpoints: null`.
  await eventually(
    "the Service's EndpointSlice",
    async () => (await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: ns })).items[0],
    WAIT,
  );
  return { kind: "Service", name: "checkout", namespace: ns };
});

const healthy = early.add("fm-healthy", async (ns) => {
  await deployment(ns, APP, { replicas: 2 });
  await rolledOut(ns);
  return deploymentTarget(ns);
});

describe("the rule engine on live failures, through intake and the operator", () => {
  beforeAll(async () => {
    const installNs = await createNamespace("fm-kubefix");
    registry = new PluginRegistry({ kc, namespace: installNs, log: componentLogger("test"), plugins: [...diagnosticPlugins, ...remediationPlugins] });
    early.start();
    await registry.install();
    // Confirmation required: the operator diagnoses and proposes, and never executes here.
    const config = OperatorConfig.parse({ namespace: installNs, confirmDiagnosis: true, policy: { allowedNamespaces: ["*"] } });
    operator = await startOperator({ kc, config, identity: `failure-modes-${installNs}`, lease: { leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 } });
    incidents = new KindClient(kc, INCIDENTS, installNs);
    intake = createIntake({ kc, namespace: installNs });
  });

  afterAll(async () => {
    await operator.stop();
    await Promise.allSettled(namespaces.map((name) => core.deleteNamespace({ name })));
  });

  it("oom_killed: doubles the memory limit of the Deployment's container", async () => {
    const target = await oom();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toBe("OOMKilled");
    expectConfidence(outcome, 0.9, 1);
    expect(linesOf(outcome)).toContain("container app: resources.limits.memory=128Mi requests.memory=64Mi");
    await expectProposal(outcome, "set_container_resources", { namespace: target.namespace, deployment_name: APP, container: "app", memory_limit: "256Mi" }, "medium");
  });

  it("crash_loop with exit code 1 and no rollout: explains the exit code, proposes nothing", async () => {
    const outcome = await diagnose(await crash());
    expect(outcome.diagnosis.conclusion).toContain("CrashLoopBackOff");
    expect(outcome.diagnosis.conclusion).toContain("exitCode 1");
    expectConfidence(outcome, 0.8, 0.9);
    expect(outcome.diagnosis.suggestedActions.join(" ")).toContain("--previous");
    expect(outcome.proposal).toBeUndefined();
  });

  it("crash_loop that began with an image change: rolls back to the previous revision", async () => {
    const target = await badRelease();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toContain("CrashLoopBackOff");
    expect(outcome.diagnosis.rootCause).toContain("revision 2");
    expectConfidence(outcome, 0.85, 0.95);
    expect(linesOf(outcome).join("\n")).toContain(`app: ${IMAGE_V1} -> ${IMAGE_V2}`);
    await expectProposal(outcome, "rollback_deployment", { namespace: target.namespace, deployment_name: APP, to_revision: 1 }, "medium");
  });

  it("image_pull_error that came with a rollout: rolls back to the previous revision", async () => {
    const target = await badImage();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toContain("ImagePullBackOff");
    expect(outcome.diagnosis.conclusion).toContain(IMAGE_V2);
    expectConfidence(outcome, 0.9, 1);
    await expectProposal(outcome, "rollback_deployment", { namespace: target.namespace, deployment_name: APP, to_revision: 1 }, "medium");
  });

  it("unschedulable_resources: names cpu, proposes nothing", async () => {
    const outcome = await diagnose(await tooBig());
    expect(outcome.diagnosis.conclusion).toContain("Insufficient cpu");
    expectConfidence(outcome, 0.8, 0.9);
    expect(linesOf(outcome).some((l) => l.includes("requests cpu=500"))).toBe(true);
    expect(outcome.diagnosis.suggestedActions.join(" ")).toContain("CPU");
    expect(outcome.proposal).toBeUndefined();
  });

  it("unschedulable_selector: no node carries the nodeSelector's labels, proposes nothing", async () => {
    const outcome = await diagnose(await noSuchNodes());
    expect(outcome.diagnosis.conclusion).toContain("didn't match Pod's node affinity/selector");
    expect(outcome.diagnosis.conclusion).not.toContain("taint");
    expectConfidence(outcome, 0.8, 0.9);
    expect(linesOf(outcome).some((l) => l.includes("nodeSelector={disktype=nvme}"))).toBe(true);
    expect(outcome.proposal).toBeUndefined();
  });

  it("pvc_pending: the claim's storage class does not exist, proposes nothing", async () => {
    const outcome = await diagnose(await unboundClaim());
    expect(outcome.diagnosis.conclusion).toBe("PVC 未绑定（data）");
    expectConfidence(outcome, 0.85, 0.9);
    expect(linesOf(outcome)).toContain("pvc data: phase=Pending storageClassName=no-such-class request=1Gi");
    expect(outcome.diagnosis.suggestedActions.join(" ")).toContain("no-such-class");
    expect(outcome.proposal).toBeUndefined();
  });

  it("readiness_failing without an image change: suspects a dependency, proposes no restart and says why", async () => {
    const outcome = await diagnose(await unready());
    expect(outcome.diagnosis.conclusion).toBe("就绪探针失败，Pod 未就绪");
    expectConfidence(outcome, 0.6, 0.7);
    expect(linesOf(outcome).some((l) => l.includes("Readiness probe failed"))).toBe(true);
    expect(outcome.diagnosis.suggestedActions.join(" ")).toContain("重启所有副本修不好依赖");
    expect(outcome.proposal).toBeUndefined();
  });

  it("liveness_failing: exit 137 without OOM plus probe failures, a rolling restart", async () => {
    const target = await liveness();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toBe("存活探针失败，容器被反复重启");
    expectConfidence(outcome, 0.65, 0.75);
    expect(linesOf(outcome).some((l) => l.includes("Liveness probe failed"))).toBe(true);
    await expectProposal(outcome, "rollout_restart_deployment", { namespace: target.namespace, deployment_name: APP }, "low");
  });

  it("evicted_node_pressure: deletes the evicted pods of the namespace", async () => {
    const target = await evicted();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toBe("节点资源压力（memory）导致 Pod 被驱逐");
    expectConfidence(outcome, 0.8, 0.9);
    expect(linesOf(outcome).some((l) => l.startsWith("pod batch: phase=Failed Ready=False reason=Evicted"))).toBe(true);
    await expectProposal(outcome, "delete_evicted_pods", { namespace: target.namespace }, "low");
  });

  it("rollout_stuck: the progress deadline passed, rolls back to the previous revision", async () => {
    const target = await stuck();
    const outcome = await diagnose(target);
    expect(outcome.diagnosis.conclusion).toBe("发布卡住（ProgressDeadlineExceeded）");
    expectConfidence(outcome, 0.8, 0.9);
    // The new pods' readiness failures back it up.
    expect(outcome.diagnosis.keyFindings.some((f) => f.source === "rules/readiness_failing")).toBe(true);
    await expectProposal(outcome, "rollback_deployment", { namespace: target.namespace, deployment_name: APP, to_revision: 1 }, "medium");
  });

  it("missing_config: names the ConfigMap and the missing key, proposes nothing", async () => {
    const outcome = await diagnose(await missingKey());
    expect(outcome.diagnosis.conclusion).toBe("缺少配置：ConfigMap app-config (key db-host)");
    expectConfidence(outcome, 0.8, 0.9);
    expect(linesOf(outcome)).toContain("ConfigMap app-config (key db-host) missing, used by container app env DB_HOST");
    expect(outcome.proposal).toBeUndefined();
  });

  it("quota_exceeded: the ReplicaSet cannot create pods, proposes nothing", async () => {
    const outcome = await diagnose(await overQuota());
    expect(outcome.diagnosis.conclusion).toBe("超出资源配额（pod-count）");
    expectConfidence(outcome, 0.85, 0.95);
    expect(linesOf(outcome).some((l) => l.includes("exceeded quota: pod-count"))).toBe(true);
    expect(linesOf(outcome)).toContain("resourcequota pod-count: pods used=1 hard=1");
    expect(outcome.proposal).toBeUndefined();
  });

  it("service_no_endpoints: the selector matches no pod, proposes nothing", async () => {
    const outcome = await diagnose(await lonelyService());
    expect(outcome.diagnosis.conclusion).toBe("Service checkout 没有可用的端点");
    expectConfidence(outcome, 0.8, 0.9);
    expect(outcome.diagnosis.rootCause).toContain("app=checkout");
    expect(outcome.proposal).toBeUndefined();
  });

  it("a healthy Deployment: root cause not determined, low confidence, escalated, no proposal", async () => {
    const outcome = await diagnose(await healthy());
    expect(outcome.diagnosis.conclusion).toBe("未能确定根因");
    expect(outcome.diagnosis.confidence).toBeLessThanOrEqual(0.3);
    expect(outcome.diagnosis.suggestedActions).toHaveLength(1);
    expect(outcome.proposal).toBeUndefined();
  });

  describe("on nodes of their own", () => {
    // Started only now, so that these nodes do not change what the scheduler said above.
    const late = new Scenarios();
    const suffix = randomBytes(3).toString("hex");
    const poolNode = `fm-pool-${suffix}`;
    const sickNode = `fm-sick-${suffix}`;
    const nodes: string[] = [];

    const tainted = late.add("fm-taint", async (ns) => {
      nodes.push(poolNode);
      await core.createNode({
        body: scenarioNode(poolNode, {
          labels: { "kubefix.io/pool": suffix },
          taints: [{ key: "kubefix.io/dedicated", value: suffix, effect: "NoSchedule" }],
        }),
      });
      await deployment(ns, APP, { nodeSelector: { "kubefix.io/pool": suffix } });
      await podWhere(ns, "a pod kept off its tainted node", (p) => unschedulableMessage(p).includes("untolerated taint"));
      return deploymentTarget(ns);
    });

    const notReady = late.add("fm-node", async (ns) => {
      nodes.push(sickNode);
      await core.createNode({ body: scenarioNode(sickNode, { notReady: true }) });
      const pod = podManifest("stranded");
      pod.spec!.nodeName = sickNode;
      await core.createNamespacedPod({ namespace: ns, body: pod });
      await eventually(
        `node ${sickNode} Ready=False`,
        async () => (await core.readNode({ name: sickNode })).status?.conditions?.find((c) => c.type === "Ready" && c.status === "False"),
        WAIT,
      );
      return { kind: "Node", name: sickNode, namespace: ns };
    });

    beforeAll(() => late.start());
    afterAll(async () => {
      await Promise.allSettled(nodes.map((name) => core.deleteNode({ name })));
    });

    it("unschedulable_taints: the only node the selector admits is tainted, proposes nothing", async () => {
      const outcome = await diagnose(await tainted());
      expect(outcome.diagnosis.conclusion).toContain("untolerated taint");
      expectConfidence(outcome, 0.8, 0.9);
      expect(linesOf(outcome)).toContainEqual(
        expect.stringMatching(new RegExp(`^node ${poolNode}: untoleratedTaints=\\[.*kubefix\\.io/dedicated=${suffix}:NoSchedule.*\\] matchesSelector=true$`)),
      );
      expect(outcome.proposal).toBeUndefined();
    });

    it("node_not_ready: cordons the node and names the bare pod that will not move", async () => {
      const outcome = await diagnose(await notReady());
      expect(outcome.diagnosis.conclusion).toBe(`节点未就绪：${sickNode}`);
      expectConfidence(outcome, 0.9, 1);
      expect(outcome.diagnosis.suggestedActions.some((a) => a.includes("stranded"))).toBe(true);
      await expectProposal(outcome, "cordon_node", { node_name: sickNode }, "medium");
    });
  });
});
