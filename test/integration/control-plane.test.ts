/**
 * The test control plane behaves like a real cluster: controllers create
 * pods, the scheduler places them on kwok's fake nodes, and kwok reports
 * container states the way a kubelet does.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1ContainerStatus, type V1Pod } from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeNode } from "../harness/control-plane.js";
import { adminKube, controlPlane, createNamespace, eventually, podManifest } from "./helpers.js";

const kc = adminKube();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
let ns = "";

beforeAll(async () => {
  ns = await createNamespace("cp");
});

const readyCondition = (pod: V1Pod): string | undefined =>
  pod.status?.conditions?.find((c) => c.type === "Ready")?.status;

describe("a Deployment", () => {
  it("gets a ReplicaSet and pods that become Running and Ready on kwok nodes", async () => {
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: "web" },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "web" } },
          template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
          },
        },
      },
    });
    const deployment = await eventually("2 available replicas", async () => {
      const d = await apps.readNamespacedDeployment({ name: "web", namespace: ns });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
    expect(deployment.status?.readyReplicas).toBe(2);

    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: ns });
    expect(replicaSets.items).toHaveLength(1);
    const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: "app=web" })).items;
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status?.phase).toBe("Running");
      expect(readyCondition(pod)).toBe("True");
      expect(controlPlane.nodeNames).toContain(pod.spec?.nodeName);
      expect(pod.status?.podIP).toMatch(/^10\.244\./);
      expect(pod.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBeDefined();
    }
  });
});

/** Creates a pod and waits until its first container status satisfies `done`. */
async function podUntil(
  name: string,
  annotations: Record<string, string>,
  done: (s: V1ContainerStatus, pod: V1Pod) => boolean,
): Promise<{ pod: V1Pod; status: V1ContainerStatus }> {
  await core.createNamespacedPod({ namespace: ns, body: podManifest(name, annotations) });
  return eventually(`pod ${name}`, async () => {
    const pod = await core.readNamespacedPod({ name, namespace: ns });
    const status = pod.status?.containerStatuses?.[0];
    return status && done(status, pod) ? { pod, status } : undefined;
  });
}

describe("a pod marked to fail", () => {
  it("reports OOMKilled with exit code 137 and crash-loop back-off", async () => {
    const { pod, status } = await podUntil("oom", { "kubefix.io/simulate": "oom-killed" }, (s) => (s.restartCount ?? 0) >= 1);
    expect(status.lastState?.terminated?.reason).toBe("OOMKilled");
    expect(status.lastState?.terminated?.exitCode).toBe(137);
    expect(status.state?.waiting?.reason).toBe("CrashLoopBackOff");
    expect(status.ready).toBe(false);
    expect(pod.status?.phase).toBe("Running");
    expect(readyCondition(pod)).toBe("False");
  });

  it("keeps restarting: the restart count climbs", async () => {
    const { status } = await podUntil("oom-climb", { "kubefix.io/simulate": "oom-killed" }, (s) => (s.restartCount ?? 0) >= 2);
    expect(status.restartCount).toBeGreaterThanOrEqual(2);
  });

  it("reports a crash loop with the annotated exit code", async () => {
    const { status } = await podUntil(
      "crash",
      { "kubefix.io/simulate": "crash-loop", "kubefix.io/exit-code": "3" },
      (s) => (s.restartCount ?? 0) >= 1,
    );
    expect(status.lastState?.terminated?.reason).toBe("Error");
    expect(status.lastState?.terminated?.exitCode).toBe(3);
    expect(status.state?.waiting?.message).toContain("back-off");
  });

  it("reports an image pull failure and stays Pending", async () => {
    const { pod, status } = await podUntil(
      "pull",
      { "kubefix.io/simulate": "image-pull-error" },
      (s) => s.state?.waiting?.reason === "ImagePullBackOff",
    );
    expect(status.state?.waiting?.message).toContain("registry.example/app:1.0");
    expect(pod.status?.phase).toBe("Pending");
  });

  it("reports a failing readiness probe: running but never Ready", async () => {
    const { pod, status } = await podUntil("unready", { "kubefix.io/simulate": "not-ready" }, (s) => Boolean(s.state?.running));
    expect(status.ready).toBe(false);
    expect(pod.status?.phase).toBe("Running");
    expect(readyCondition(pod)).toBe("False");
  });

  it("reports eviction under node memory pressure", async () => {
    const { pod } = await podUntil("evict", { "kubefix.io/simulate": "evicted" }, (_s, p) => p.status?.phase === "Failed");
    expect(pod.status?.reason).toBe("Evicted");
    expect(pod.status?.message).toContain("low on resource: memory");
  });

  it("leaves a Warning event on the pod, as the kubelet does", async () => {
    const events = await eventually("BackOff event for pod oom", async () => {
      const list = await core.listNamespacedEvent({ namespace: ns, fieldSelector: "involvedObject.name=oom" });
      return list.items.some((e) => e.reason === "BackOff") ? list.items : undefined;
    });
    const backOff = events.find((e) => e.reason === "BackOff")!;
    expect(backOff.type).toBe("Warning");
    expect(backOff.involvedObject.kind).toBe("Pod");
  });
});

describe("the scheduler", () => {
  it("leaves a pod that fits no node Pending with the reason", async () => {
    await core.createNamespacedPod({ namespace: ns, body: podManifest("huge", {}, "500") });
    const condition = await eventually("PodScheduled=False", async () => {
      const pod = await core.readNamespacedPod({ name: "huge", namespace: ns });
      const c = pod.status?.conditions?.find((x) => x.type === "PodScheduled");
      return c?.status === "False" ? c : undefined;
    });
    expect(condition.reason).toBe("Unschedulable");
    expect(condition.message).toContain("Insufficient cpu");
  });
});

describe("a node marked not ready", () => {
  it("reports Ready=False with the kubelet's reason", async () => {
    const node = fakeNode("kwok-broken-node");
    node.metadata!.annotations!["kubefix.io/simulate"] = "not-ready";
    await core.createNode({ body: node });
    try {
      const ready = await eventually("Ready=False", async () => {
        const n = await core.readNode({ name: "kwok-broken-node" });
        const c = n.status?.conditions?.find((x) => x.type === "Ready");
        return c?.status === "False" ? c : undefined;
      });
      expect(ready.reason).toBe("KubeletNotReady");
    } finally {
      await core.deleteNode({ name: "kwok-broken-node" });
    }
  });
});

describe("a failure tied to the pod template", () => {
  /** A Deployment whose pods carry `annotations`, with one container. */
  async function deployment(name: string, annotations: Record<string, string>, image: string, memory: string): Promise<void> {
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name }, annotations },
            spec: { containers: [{ name: "app", image, resources: { limits: { memory } } }] },
          },
        },
      },
    });
  }

  const podsOf = async (name: string): Promise<V1Pod[]> =>
    (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${name}` })).items;

  it("OOMs while the memory limit is the annotated one, and recovers when it is raised", async () => {
    await deployment("leaky", { "kubefix.io/simulate": "oom-killed", "kubefix.io/oom-limit": "128Mi" }, "app:1", "128Mi");
    await eventually("an OOMKilled pod", async () =>
      (await podsOf("leaky")).some((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled") || undefined,
    );
    await apps.patchNamespacedDeployment(
      { name: "leaky", namespace: ns, body: { spec: { template: { spec: { containers: [{ name: "app", resources: { limits: { memory: "256Mi" } } }] } } } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    const d = await eventually("the new pod Ready", async () => {
      const dep = await apps.readNamespacedDeployment({ name: "leaky", namespace: ns });
      return dep.status?.updatedReplicas === 1 && dep.status.availableReplicas === 1 && !dep.status.unavailableReplicas ? dep : undefined;
    });
    expect(d.spec?.template.spec?.containers[0]?.resources?.limits?.memory).toBe("256Mi");
    const ready = (await podsOf("leaky")).filter((p) => readyCondition(p) === "True");
    expect(ready[0]?.spec?.containers[0]?.resources?.limits?.memory).toBe("256Mi");
  });

  it("crash-loops on the annotated image only", async () => {
    await deployment("bad-release", { "kubefix.io/simulate": "crash-loop", "kubefix.io/fail-image": "app:2" }, "app:2", "64Mi");
    await eventually("a crash-looping pod", async () =>
      (await podsOf("bad-release")).some((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CrashLoopBackOff") || undefined,
    );
    await apps.patchNamespacedDeployment(
      { name: "bad-release", namespace: ns, body: { spec: { template: { spec: { containers: [{ name: "app", image: "app:1" }] } } } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    await eventually("the app:1 pod Ready", async () =>
      (await podsOf("bad-release")).some((p) => p.spec?.containers[0]?.image === "app:1" && readyCondition(p) === "True") || undefined,
    );
  });
});
