/**
 * The built-in diagnostic plugins against a real apiserver, with kwok playing
 * the kubelet: real failures (OOM kills, an unschedulable pod, a Service with
 * no pods, a PVC with no StorageClass, missing ConfigMaps and Secrets, a full
 * quota) and the not-found, forbidden and cancelled paths.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1Deployment,
  type V1Pod,
  type V1Service,
} from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "../../crds/index.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { componentLogger } from "../../lib/logger.js";
import { KNOWLEDGE_ENTRIES, type KnowledgeEntry, type KnowledgeEntryInput } from "../../lib/resources.js";
import { diagnosticPlugins } from "../../operator/plugins/builtin/diagnostic/index.js";
import { GuardedKubeConfig } from "../../operator/plugins/kube-access/guarded-kube-config.js";
import { WriteLedger } from "../../operator/plugins/kube-access/write-ledger.js";
import type { PluginContext, PluginResult } from "../../operator/plugins/types.js";
import { adminKube, createNamespace, eventually, podManifest, userKube } from "./helpers.js";

const WAIT = 90_000;
const IMAGE_V1 = "registry.example/web:1.0";
const IMAGE_V2 = "registry.example/web:1.1";
const SECRET_VALUE = "hunter2-do-not-leak";

let ns = "";
let core: CoreV1Api;
let apps: AppsV1Api;

/** The context the registry gives a diagnostic: a client that sends GET requests only. */
function contextFor(kc: KubeConfig = adminKube(), signal = new AbortController().signal): PluginContext {
  const guarded = new GuardedKubeConfig(kc, { mode: "read-only", signal, ledger: new WriteLedger() });
  return { kc: guarded, installNamespace: ns, log: componentLogger("test"), signal, dryRun: false };
}

/** Calls a plugin the way the registry does: arguments parsed by its schema first. */
async function call(name: string, raw: Record<string, unknown>, ctx = contextFor()): Promise<PluginResult> {
  const plugin = diagnosticPlugins.find((p) => p.name === name);
  if (!plugin) throw new Error(`no plugin ${name}`);
  return plugin.run(ctx, plugin.args.parse(raw));
}

/** Calls until `accept` holds for the result; fails with the last summary seen. */
async function callUntil(
  name: string,
  raw: Record<string, unknown>,
  accept: (r: PluginResult) => boolean,
  timeoutMs = WAIT,
): Promise<PluginResult> {
  let last = "";
  try {
    return await eventually(
      `${name} ${JSON.stringify(raw)}`,
      async () => {
        const result = await call(name, raw);
        last = result.summary;
        return accept(result) ? result : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last summary: ${last}`);
  }
}

function deployment(name: string, replicas: number, annotations: Record<string, string> = {}): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: {
          containers: [
            {
              name: "app",
              image: IMAGE_V1,
              resources: { requests: { cpu: "250m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            },
          ],
        },
      },
    },
  };
}

function service(name: string, app: string): V1Service {
  return { metadata: { name }, spec: { selector: { app }, ports: [{ port: 80 }] } };
}

function refsPod(): V1Pod {
  const pod = podManifest("refs");
  pod.spec!.containers[0]!.env = [
    { name: "MISSING_CM", valueFrom: { configMapKeyRef: { name: "missing-config", key: "url" } } },
    { name: "MISSING_SECRET", valueFrom: { secretKeyRef: { name: "missing-secret", key: "token" } } },
    { name: "MISSING_KEY", valueFrom: { configMapKeyRef: { name: "present-config", key: "absent-key" } } },
    { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "present-secret", key: "password" } } },
    { name: "OPTIONAL", valueFrom: { configMapKeyRef: { name: "optional-config", key: "x", optional: true } } },
  ];
  return pod;
}

const names = (events: unknown): string[] => ((events ?? []) as CoreV1Event[]).map((e) => e.reason ?? "");
const dataOf = <T>(r: PluginResult, key: string): T => r.data?.[key] as T;

async function podsOf(app: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;
}

async function buildState(): Promise<void> {
  const kc = adminKube();
  await Promise.all([
    apps.createNamespacedDeployment({ namespace: ns, body: deployment("web", 2) }),
    apps.createNamespacedDeployment({ namespace: ns, body: deployment("oom", 1, { "kubefix.io/simulate": "oom-killed" }) }),
    core.createNamespacedPod({ namespace: ns, body: podManifest("huge", {}, "500") }),
    core.createNamespacedService({ namespace: ns, body: service("lonely", "nobody") }),
    core.createNamespacedService({ namespace: ns, body: service("web", "web") }),
    core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: { name: "data" },
        spec: { storageClassName: "does-not-exist", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      },
    }),
    core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "present-config" }, data: { url: "x" } } }),
    core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: "present-secret" }, stringData: { password: SECRET_VALUE } } }),
    core.createNamespacedPod({ namespace: ns, body: refsPod() }),
    new KindClient<KnowledgeEntry, KnowledgeEntryInput>(kc, KNOWLEDGE_ENTRIES, ns).create({
      apiVersion: API_VERSION,
      kind: "KnowledgeEntry",
      metadata: { name: "oom-runbook" },
      spec: {
        title: "OOMKilled: 容器内存不足",
        content: "容器因超出 memory limit 被 OOMKilled。先确认 limit，再考虑调大 memory limit 或排查内存泄漏。",
        category: "runbook",
        tags: ["oom", "memory"],
      },
    }),
  ]);
  // Created after the Service so that the quota is exactly full.
  await core.createNamespacedResourceQuota({ namespace: ns, body: { metadata: { name: "quota" }, spec: { hard: { pods: "50", services: "2" } } } });
}

beforeAll(async () => {
  ns = await createNamespace("diag");
  const kc = adminKube();
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  await buildState();
});

describe("pods", () => {
  it("list_pods counts a healthy deployment's pods", async () => {
    const result = await callUntil("list_pods", { namespace: ns, label_selector: "app=web" }, (r) => r.summary.startsWith("2 pods: 2 Running"));
    expect(result.ok).toBe(true);
    expect(dataOf<V1Pod[]>(result, "pods").map((p) => p.metadata?.labels?.app)).toEqual(["web", "web"]);
    expect(dataOf<V1Pod[]>(result, "pods").every((p) => p.metadata?.managedFields === undefined)).toBe(true);
  });

  it("describe_pod shows an OOM-killed pod, its owner chain up to the Deployment, and its BackOff events", async () => {
    const pod = await eventually("an oom pod", async () => (await podsOf("oom"))[0]);
    const name = pod.metadata!.name!;
    // kwok writes the BackOff event and the OOMKilled status in separate calls: wait for both.
    const result = await callUntil(
      "describe_pod",
      { namespace: ns, pod_name: name },
      (r) =>
        names(r.data?.events).includes("BackOff") &&
        (r.data?.pod as V1Pod | undefined)?.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled",
    );
    expect(result.ok).toBe(true);
    expect(dataOf<{ kind: string; name: string }[]>(result, "ownerChain").map(({ kind, name }) => ({ kind, name }))).toEqual([
      { kind: "Pod", name },
      { kind: "ReplicaSet", name: pod.metadata!.ownerReferences![0]!.name },
      { kind: "Deployment", name: "oom" },
    ]);
    expect(dataOf<V1Deployment>(result, "deployment").metadata?.name).toBe("oom");
    const terminated = dataOf<V1Pod>(result, "pod").status?.containerStatuses?.[0]?.lastState?.terminated;
    expect(terminated?.reason).toBe("OOMKilled");
    expect(result.summary).toContain("CrashLoopBackOff");
    expect(result.summary).toContain("Deployment/oom");
  });

  it("get_pod_logs fails cleanly, as there is no kubelet to read logs from", async () => {
    const pod = await eventually("a web pod", async () => (await podsOf("web"))[0]);
    const result = await call("get_pod_logs", { namespace: ns, pod_name: pod.metadata!.name!, tail_lines: 10 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(new RegExp(`^logs of ${ns}/${pod.metadata!.name!}/app are unavailable`));
  });

  it("get_events returns the newest first, bounded, and filters by object", async () => {
    const all = await callUntil("get_events", { namespace: ns, limit: 5 }, (r) => (r.data?.total as number) > 5);
    const times = dataOf<CoreV1Event[]>(all, "events").map((e) => {
      const candidates = [e.series?.lastObservedTime, e.lastTimestamp, e.eventTime, e.metadata.creationTimestamp];
      return Math.max(...candidates.map((t) => (t ? new Date(t).getTime() : 0)));
    });
    expect(times).toHaveLength(5);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.summary).toContain("(newest 5 in data)");

    const one = await call("get_events", { namespace: ns, kind: "Pod", name: "huge", type: "Warning" });
    expect(dataOf<CoreV1Event[]>(one, "events").every((e) => e.involvedObject.name === "huge" && e.type === "Warning")).toBe(true);
  });

  it("check_pod_scheduling explains why the 500-CPU pod stays Pending", async () => {
    const result = await callUntil("check_pod_scheduling", { namespace: ns, pod_name: "huge" }, (r) => r.summary.includes("Insufficient cpu"));
    expect(result.ok).toBe(true);
    expect(result.data?.scheduled).toBe(false);
    expect(dataOf<{ reason: string }[]>(result, "reasons").map((r) => r.reason)).toContain("Insufficient cpu");
    const nodes = dataOf<{ fitsCpu: boolean }[]>(result, "nodes");
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(nodes.every((n) => !n.fitsCpu)).toBe(true);
    expect(result.summary).toContain("requests cpu 500");
  });

  it("check_pod_scheduling says so when the pod is scheduled", async () => {
    const pod = await eventually("a scheduled web pod", async () => (await podsOf("web")).find((p) => p.spec?.nodeName));
    const result = await call("check_pod_scheduling", { namespace: ns, pod_name: pod.metadata!.name! });
    expect(result.data).toMatchObject({ scheduled: true, node: pod.spec!.nodeName });
  });

  it("get_configmap_secret_refs lists what is missing and never a secret value", async () => {
    const result = await call("get_configmap_secret_refs", { namespace: ns, pod_name: "refs" });
    expect(result.ok).toBe(true);
    expect(dataOf<unknown[]>(result, "missingRefs")).toEqual([
      { kind: "ConfigMap", name: "missing-config", usedBy: "container app env MISSING_CM" },
      { kind: "Secret", name: "missing-secret", usedBy: "container app env MISSING_SECRET" },
      { kind: "ConfigMap", name: "present-config", key: "absent-key", usedBy: "container app env MISSING_KEY" },
    ]);
    expect(result.summary).toContain("MISSING");
    const text = JSON.stringify(result);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
  });

  it("get_configmap_secret_refs finds nothing missing in a deployment without references", async () => {
    const result = await call("get_configmap_secret_refs", { namespace: ns, deployment_name: "web" });
    expect(result.ok).toBe(true);
    expect(result.data?.missingRefs).toEqual([]);
  });
});

describe("workloads", () => {
  beforeAll(async () => {
    await eventually("web to be available", async () => {
      const d = await apps.readNamespacedDeployment({ name: "web", namespace: ns });
      return d.status?.availableReplicas === 2 ? d : undefined;
    }, WAIT);
    const patch = {
      metadata: { annotations: { "kubernetes.io/change-cause": "bump web to 1.1" } },
      spec: { template: { spec: { containers: [{ name: "app", image: IMAGE_V2 }] } } },
    };
    await apps.patchNamespacedDeployment(
      { name: "web", namespace: ns, body: patch },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
  });

  it("describe_deployment shows status, conditions, both ReplicaSets and the pods", async () => {
    const result = await callUntil("describe_deployment", { namespace: ns, deployment_name: "web" }, (r) =>
      r.summary.includes("2/2 ready, 2 updated") && r.summary.includes(IMAGE_V2),
    );
    expect(result.ok).toBe(true);
    const replicaSets = dataOf<{ metadata: { annotations: Record<string, string> } }[]>(result, "replicaSets");
    expect(replicaSets.map((rs) => rs.metadata.annotations["deployment.kubernetes.io/revision"])).toEqual(["2", "1"]);
    expect(dataOf<V1Deployment>(result, "deployment").status?.conditions?.map((c) => c.type)).toContain("Available");
    expect(result.summary).toContain("revision 2");
  });

  it("get_rollout_history shows the revisions, the change-cause and the image change", async () => {
    const result = await call("get_rollout_history", { namespace: ns, deployment_name: "web" });
    const revisions = dataOf<{ revision: number; current: boolean; changeCause?: string; changes: string[] }[]>(result, "revisions");
    expect(revisions.map((r) => [r.revision, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(revisions[0]!.changeCause).toBe("bump web to 1.1");
    expect(revisions[0]!.changes).toEqual([`app image ${IMAGE_V1} → ${IMAGE_V2}`]);
    expect(revisions[1]!.changes).toEqual([]);
  });

  it("describe_hpa reports the autoscaler's target and conditions", async () => {
    await adminKube().makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
      namespace: ns,
      body: {
        metadata: { name: "web" },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
          minReplicas: 1,
          maxReplicas: 4,
          metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
        },
      },
    });
    const result = await callUntil("describe_hpa", { namespace: ns, hpa_name: "web" }, (r) => r.summary.includes("ScalingActive"));
    expect(result.ok).toBe(true);
    expect(result.summary).toContain("Deployment/web");
    expect(result.summary).toContain("max 4");
  });

  it("describe_statefulset shows its pods", async () => {
    await apps.createNamespacedStatefulSet({
      namespace: ns,
      body: { metadata: { name: "db" }, spec: { ...deployment("db", 2).spec!, serviceName: "db" } },
    });
    const result = await callUntil("describe_statefulset", { namespace: ns, statefulset_name: "db" }, (r) => r.summary.includes("2/2 ready"));
    expect(dataOf<V1Pod[]>(result, "pods").map((p) => p.metadata?.name).sort()).toEqual(["db-0", "db-1"]);
    expect(result.data?.statefulSet).toBeDefined();
  });

  it("describe_daemonset has a pod for every node it schedules to", async () => {
    const spec = deployment("agent", 1).spec!;
    await apps.createNamespacedDaemonSet({
      namespace: ns,
      body: { metadata: { name: "agent" }, spec: { selector: spec.selector, template: spec.template } },
    });
    const result = await callUntil("describe_daemonset", { namespace: ns, daemonset_name: "agent" }, (r) => {
      const desired = (r.data?.daemonSet as { status?: { desiredNumberScheduled?: number } } | undefined)?.status?.desiredNumberScheduled ?? 0;
      return desired >= 2 && (r.data?.pods as unknown[]).length === desired;
    });
    expect(result.summary).toMatch(/^daemonset .*: desired \d+/);
  });

  it("describe_cronjob finds the Job started from it", async () => {
    const batch = adminKube().makeApiClient(BatchV1Api);
    const template = deployment("tick", 1).spec!.template;
    template.spec!.restartPolicy = "Never";
    const cronJob = await batch.createNamespacedCronJob({
      namespace: ns,
      body: { metadata: { name: "tick" }, spec: { schedule: "0 0 1 1 *", suspend: true, jobTemplate: { spec: { template } } } },
    });
    await batch.createNamespacedJob({
      namespace: ns,
      body: {
        metadata: {
          name: "tick-manual",
          ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "tick", uid: cronJob.metadata!.uid!, controller: true }],
        },
        spec: { template },
      },
    });
    const result = await callUntil("describe_cronjob", { namespace: ns, cronjob_name: "tick" }, (r) => r.data?.job !== undefined);
    expect(result.summary).toContain("suspended");
    expect(result.summary).toContain("newest job tick-manual");
    expect(dataOf<unknown[]>(result, "jobs")).toHaveLength(1);
  });
});

describe("nodes", () => {
  it("list_nodes lists the fake nodes as Ready", async () => {
    const result = await call("list_nodes", {});
    const nodeNames = dataOf<{ metadata: { name: string } }[]>(result, "nodes").map((n) => n.metadata.name);
    expect(nodeNames).toEqual(expect.arrayContaining(["kwok-node-0", "kwok-node-1"]));
    expect(result.summary).toMatch(/Ready/);
  });

  it("describe_node's allocated requests add up over the pods on the node", async () => {
    const pod = await eventually("a scheduled web pod", async () => (await podsOf("web")).find((p) => p.spec?.nodeName));
    const nodeName = pod.spec!.nodeName!;
    type Allocation = { requests: { cpuMillicores: number; memoryBytes: number }; podCount: number };
    await eventually(
      "describe_node to agree with the pods on the node",
      async () => {
        const result = await call("describe_node", { node_name: nodeName });
        const allocation = dataOf<Allocation>(result, "allocation");
        const shares = dataOf<{ name: string; cpuMillicores: number; memoryBytes: number }[]>(result, "podRequests");
        expect(shares.reduce((s, p) => s + p.cpuMillicores, 0)).toBe(allocation.requests.cpuMillicores);
        expect(shares.reduce((s, p) => s + p.memoryBytes, 0)).toBe(allocation.requests.memoryBytes);
        expect(shares.map((s) => s.name)).toContain(pod.metadata!.name);
        // Independently: every pod here asks for whole millicores in its only container.
        const onNode = (await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` })).items.filter(
          (p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed",
        );
        const millicores = onNode.reduce((s, p) => s + p.spec!.containers.reduce((c, k) => c + cpuMillicores(k.resources?.requests?.cpu), 0), 0);
        return millicores === allocation.requests.cpuMillicores && onNode.length === allocation.podCount ? true : undefined;
      },
      WAIT,
    );
  });

  it("top_pods says the metrics API is not available", async () => {
    const result = await call("top_pods", { namespace: ns });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^metrics API not available/);
  });
});

function cpuMillicores(quantity: string | undefined): number {
  if (!quantity) return 0;
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

describe("namespace objects", () => {
  it("get_resource_quotas reports the full services quota", async () => {
    const result = await callUntil("get_resource_quotas", { namespace: ns }, (r) => (r.data?.nearLimit as string[]).length > 0);
    expect(result.data?.nearLimit).toEqual(["services 2/2 (100%) in quota"]);
    expect(dataOf<{ metadata: { name: string } }[]>(result, "quotas").map((q) => q.metadata.name)).toEqual(["quota"]);
    expect(result.summary).toContain("1 quota, 0 limit ranges");
  });

  it("get_service_endpoints finds no endpoints behind a Service that selects no pods", async () => {
    const hasSlice = (r: PluginResult): boolean => (r.data?.endpointSlices as unknown[]).length > 0;
    const result = await callUntil("get_service_endpoints", { namespace: ns, service_name: "lonely" }, hasSlice);
    expect(result.data).toMatchObject({ readyEndpoints: 0, notReadyEndpoints: 0, matchingPods: 0, selector: "app=nobody" });
    expect(result.summary).toContain("0 ready");
  });

  it("get_service_endpoints counts the ready endpoints of a Service with pods", async () => {
    const result = await callUntil("get_service_endpoints", { namespace: ns, service_name: "web" }, (r) => r.data?.readyEndpoints === 2);
    expect(result.data?.matchingPods).toBe(2);
  });

  it("describe_pvc reports the missing StorageClass and the provisioning failure", async () => {
    const failedToProvision = (r: PluginResult): boolean => names(r.data?.events).includes("ProvisioningFailed");
    const result = await callUntil("describe_pvc", { namespace: ns, pvc_name: "data" }, failedToProvision);
    expect(result.data).toMatchObject({ storageClassMissing: true, storageClass: null, persistentVolume: null });
    expect(result.summary).toContain("storage class does-not-exist does not exist");
    expect(result.summary).toContain("Pending");
  });

  it("search_knowledge ranks the matching entry and finds nothing for unrelated words", async () => {
    const hit = await call("search_knowledge", { query: "OOMKilled memory" });
    expect(hit.data?.knowledge).toEqual([
      expect.objectContaining({ id: "oom-runbook", title: "OOMKilled: 容器内存不足", category: "runbook" }),
    ]);
    expect(dataOf<{ score: number }[]>(hit, "knowledge")[0]!.score).toBeGreaterThan(0);
    const miss = await call("search_knowledge", { query: "kafka rebalance" });
    expect(miss.data?.knowledge).toEqual([]);
  });
});

describe("failures are results", () => {
  it.each<[string, (n: string) => Record<string, unknown>, string]>([
    ["describe_pod", (n) => ({ namespace: n, pod_name: "ghost" }), "pod ghost not found in namespace NS"],
    ["get_pod_logs", (n) => ({ namespace: n, pod_name: "ghost" }), "pod ghost not found in namespace NS"],
    ["check_pod_scheduling", (n) => ({ namespace: n, pod_name: "ghost" }), "pod ghost not found in namespace NS"],
    ["describe_deployment", (n) => ({ namespace: n, deployment_name: "ghost" }), "deployment ghost not found in namespace NS"],
    ["get_rollout_history", (n) => ({ namespace: n, deployment_name: "ghost" }), "deployment ghost not found in namespace NS"],
    ["describe_node", () => ({ node_name: "ghost" }), "node ghost not found"],
    ["get_service_endpoints", (n) => ({ namespace: n, service_name: "ghost" }), "service ghost not found in namespace NS"],
    ["describe_pvc", (n) => ({ namespace: n, pvc_name: "ghost" }), "pvc ghost not found in namespace NS"],
    ["describe_hpa", (n) => ({ namespace: n, hpa_name: "ghost" }), "hpa ghost not found in namespace NS"],
    ["describe_statefulset", (n) => ({ namespace: n, statefulset_name: "ghost" }), "statefulset ghost not found in namespace NS"],
    ["describe_daemonset", (n) => ({ namespace: n, daemonset_name: "ghost" }), "daemonset ghost not found in namespace NS"],
    ["describe_cronjob", (n) => ({ namespace: n, cronjob_name: "ghost" }), "cronjob ghost not found in namespace NS"],
    ["get_configmap_secret_refs", (n) => ({ namespace: n, deployment_name: "ghost" }), "deployment ghost not found in namespace NS"],
  ])("%s on a missing object", async (name, args, error) => {
    const result = await call(name, args(ns));
    expect(result).toMatchObject({ ok: false, error: error.replace("NS", ns) });
  });

  it("a user without rights gets a permission error, not an exception", async () => {
    const result = await call("list_pods", { namespace: ns }, contextFor(userKube()));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^permission denied: .*forbidden/);
  });

  it("a cancelled call returns at once with a cancellation error", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await call("describe_node", { node_name: "kwok-node-0" }, contextFor(adminKube(), controller.signal));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^cancelled/);
  });
});
