/** One realistic Evidence per failure mode (and a healthy one), as gatherEvidence would assemble it. */
import type { Evidence } from "./evidence.js";
import type { FailureMode } from "./failure-modes.js";
import {
  deploymentFixture,
  deploymentTarget,
  evidenceFixture,
  hashOf,
  NS,
  replicaSetFixture,
  states,
  type ContainerState,
} from "./test-fixtures.js";
import { endpointSliceFixture, eventFixture, nodeFixture, pvcFixture, quotaFixture, serviceFixture } from "./test-objects.js";
import { evictedPodFixture, pendingPodFixture, podFixture } from "./test-pods.js";

const IMG = "registry.example.com/user-service";
const backOff = (pod: string): ReturnType<typeof eventFixture> =>
  eventFixture({ reason: "BackOff", message: "Back-off restarting failed container app in pod " + pod, name: pod, count: 12 });

/** A Deployment whose pods are OOMKilled under the given memory limit. */
export function oomScenario(memoryLimit = "128Mi"): Evidence {
  const pods = ["x2x9k", "q8w7z"].map((suffix) => podFixture({ suffix, memoryLimit, container: states.oomKilled() }));
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ memoryLimit }),
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`)],
    pods,
    events: pods.map((p) => backOff(p.metadata?.name ?? "")),
  });
}

const NEW_POD = `user-service-${hashOf(2)}-n5w9k`;

/** Revision 2 changed the image; its pod fails in the given state while revision 1's pod still runs. */
export function afterRolloutScenario(
  container: ContainerState,
  events = [backOff(NEW_POD)],
  deployment = deploymentFixture({ revision: 2, image: `${IMG}:1.5.0` }),
): Evidence {
  return evidenceFixture(deploymentTarget(), {
    deployment,
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`), replicaSetFixture("user-service", 2, `${IMG}:1.5.0`)],
    pods: [podFixture({ revision: 1, suffix: "xld2k" }), podFixture({ revision: 2, suffix: "n5w9k", image: `${IMG}:1.5.0`, container })],
    events,
  });
}

/** The kubelet's events for an image that cannot be pulled. */
const pullEvents = (image: string): ReturnType<typeof eventFixture>[] => [
  eventFixture({ reason: "BackOff", message: `Back-off pulling image "${image}"`, name: NEW_POD, count: 20 }),
  eventFixture({ reason: "Failed", message: "Error: ImagePullBackOff", name: NEW_POD, count: 20 }),
];

/** A crash loop with no rollout behind it. */
export function crashLoopScenario(exitCode = 1): Evidence {
  const pod = podFixture({ container: states.crashLoop(exitCode) });
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture(),
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`)],
    pods: [pod],
    events: [backOff(pod.metadata?.name ?? "")],
  });
}

const SCHEDULER_TAIL = ". preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

/** A Deployment whose pod the scheduler cannot place, for the given scheduler message. */
export function pendingScenario(message: string, extra: Partial<Evidence> = {}): Evidence {
  const pod = pendingPodFixture(message + SCHEDULER_TAIL, extra.pvcs ? { claim: "db-data" } : {});
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ readyReplicas: 1 }),
    pods: [podFixture(), pod],
    events: [eventFixture({ reason: "FailedScheduling", message: message + SCHEDULER_TAIL, name: pod.metadata?.name ?? "", component: "default-scheduler" })],
    ...extra,
  });
}

function probeScenario(kind: "readiness" | "liveness"): Evidence {
  const container = kind === "readiness" ? states.notReady() : states.livenessKilled();
  const pods = ["b7c4d", "d5f6g"].map((suffix) => podFixture({ suffix, container }));
  const message =
    kind === "readiness" ? "Readiness probe failed: HTTP probe failed with statuscode: 503" : "Liveness probe failed: HTTP probe failed with statuscode: 500";
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ readyReplicas: 0 }),
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`)],
    pods,
    events: pods.map((p) => eventFixture({ reason: "Unhealthy", message, name: p.metadata?.name ?? "", count: 30 })),
  });
}

/** The pods of a Deployment on a node that stopped reporting. */
export function nodeNotReadyScenario(): Evidence {
  const pods = ["b7c4d", "d5f6g"].map((suffix) => podFixture({ suffix, node: "kwok-node-3", podReady: false }));
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ readyReplicas: 0 }),
    pods,
    nodes: [nodeFixture({ name: "kwok-node-3", ready: "Unknown" })],
  });
}

const stuckCondition = {
  type: "Progressing",
  status: "False",
  reason: "ProgressDeadlineExceeded",
  message: `ReplicaSet "user-service-${hashOf(2)}" has timed out progressing.`,
};

/** Every failure mode's scenario. */
export const SCENARIOS: Record<FailureMode, () => Evidence> = {
  oom_killed: () => oomScenario(),
  crash_loop: () => afterRolloutScenario(states.crashLoop(1)),
  image_pull_error: () => afterRolloutScenario(states.imagePull(`${IMG}:1.5.0`), pullEvents(`${IMG}:1.5.0`)),
  unschedulable_resources: () => pendingScenario("0/3 nodes are available: 3 Insufficient memory"),
  unschedulable_taints: () => pendingScenario("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}"),
  unschedulable_selector: () => pendingScenario("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector"),
  pvc_pending: () =>
    pendingScenario("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims", {
      pvcs: [pvcFixture("db-data", "Pending")],
    }),
  readiness_failing: () => probeScenario("readiness"),
  liveness_failing: () => probeScenario("liveness"),
  evicted_node_pressure: () =>
    evidenceFixture(deploymentTarget(), {
      deployment: deploymentFixture(),
      pods: [podFixture({ suffix: "l9v4b" }), evictedPodFixture("kwok-node-2", { suffix: "v7ct2" }), evictedPodFixture("kwok-node-2", { suffix: "v8ct4" })],
      nodes: [nodeFixture({ name: "kwok-node-2", memoryPressure: true })],
    }),
  node_not_ready: nodeNotReadyScenario,
  rollout_stuck: () => {
    const stuck = deploymentFixture({ revision: 2, image: `${IMG}:1.5.0`, conditions: [stuckCondition] });
    return afterRolloutScenario(states.notReady(), [], stuck);
  },
  missing_config: () =>
    evidenceFixture(deploymentTarget(), {
      deployment: deploymentFixture(),
      pods: [podFixture({ container: states.configError('configmap "app-config" not found') })],
      missingRefs: [{ kind: "ConfigMap", name: "app-config", usedBy: "Deployment/user-service" }],
    }),
  quota_exceeded: () =>
    evidenceFixture(deploymentTarget(), {
      deployment: deploymentFixture({ replicas: 5, currentReplicas: 3 }),
      pods: ["b7c4d", "d5f6g", "g5h6j"].map((suffix) => podFixture({ suffix })),
      events: [
        eventFixture({
          reason: "FailedCreate",
          kind: "ReplicaSet",
          component: "replicaset-controller",
          name: `user-service-${hashOf(1)}`,
          count: 9,
          message: `Error creating: pods "user-service-${hashOf(1)}-zx81p" is forbidden: exceeded quota: compute-quota, requested: limits.memory=512Mi, used: limits.memory=2Gi, limited: limits.memory=2Gi`,
        }),
      ],
      quotas: [quotaFixture("compute-quota", { "limits.memory": "2Gi", pods: "20" }, { "limits.memory": "2Gi", pods: "3" })],
    }),
  service_no_endpoints: () =>
    evidenceFixture({ kind: "Service", name: "checkout", namespace: NS }, {
      service: serviceFixture("checkout", { app: "checkout" }),
      endpointSlices: [endpointSliceFixture("checkout", 0, 0)],
    }),
};

/** A Deployment with every pod running and ready, and only Normal events. */
export function healthyScenario(): Evidence {
  const pods = ["b7c4d", "d5f6g"].map((suffix) => podFixture({ suffix }));
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture(),
    replicaSets: [replicaSetFixture("user-service", 1, `${IMG}:1.4.0`)],
    pods,
    nodes: [nodeFixture()],
    events: pods.map((p) => eventFixture({ reason: "Started", type: "Normal", message: "Started container app", name: p.metadata?.name ?? "" })),
    quotas: [quotaFixture("compute-quota", { "limits.memory": "8Gi" }, { "limits.memory": "1Gi" })],
  });
}
