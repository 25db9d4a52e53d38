/** Pod builders for the diagnosis tests, shaped as kwok's stages and the scheduler write pods. */
import type { V1OwnerReference, V1Pod, V1PodCondition } from "@kubernetes/client-node";
import { hashOf, NS, T0, states, type ContainerState } from "./test-fixtures.js";

export interface PodShape {
  deployment?: string;
  revision?: number;
  suffix?: string;
  node?: string;
  image?: string;
  memoryLimit?: string;
  container?: ContainerState;
  /** Overrides the Ready condition, as the node lifecycle controller does for pods on a lost node. */
  podReady?: boolean;
  claim?: string;
  /** A pod of a StatefulSet instead of a Deployment. */
  statefulSet?: string;
}

function identity(shape: PodShape): { name: string; labels: Record<string, string>; owner: V1OwnerReference } {
  if (shape.statefulSet !== undefined) {
    const name = `${shape.statefulSet}-${shape.suffix ?? "0"}`;
    const owner = { apiVersion: "apps/v1", kind: "StatefulSet", name: shape.statefulSet, uid: `uid-sts-${shape.statefulSet}`, controller: true };
    return { name, labels: { app: shape.statefulSet }, owner };
  }
  const deployment = shape.deployment ?? "user-service";
  const hash = hashOf(shape.revision ?? 1);
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: `${deployment}-${hash}`, uid: `uid-rs-${deployment}-${hash}`, controller: true };
  return { name: `${deployment}-${hash}-${shape.suffix ?? "x2x9k"}`, labels: { app: deployment, "pod-template-hash": hash }, owner };
}

const condition = (type: string, ready: boolean): V1PodCondition =>
  ready
    ? { type, status: "True", lastTransitionTime: T0 }
    : { type, status: "False", reason: "ContainersNotReady", lastTransitionTime: T0 };

function baseSpec(shape: PodShape): V1Pod["spec"] {
  const limits = shape.memoryLimit === undefined ? undefined : { memory: shape.memoryLimit };
  const probe = (path: string): object => ({ httpGet: { path, port: 8080 }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 });
  return {
    containers: [
      {
        name: "app",
        image: shape.image ?? "registry.example.com/user-service:1.4.0",
        resources: { requests: { cpu: "100m", memory: "64Mi" }, ...(limits ? { limits } : {}) },
        readinessProbe: probe("/ready"),
        livenessProbe: probe("/healthz"),
      },
    ],
    ...(shape.node === undefined ? {} : { nodeName: shape.node }),
    ...(shape.claim === undefined ? {} : { volumes: [{ name: "data", persistentVolumeClaim: { claimName: shape.claim } }] }),
  };
}

function runningStatus(container: ContainerState, ready: boolean, image: string): V1Pod["status"] {
  const started = container.state?.running !== undefined || container.lastState?.terminated !== undefined;
  return {
    phase: started ? "Running" : "Pending",
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: T0 },
      { type: "Initialized", status: "True", lastTransitionTime: T0 },
      condition("Ready", ready),
      condition("ContainersReady", ready),
    ],
    containerStatuses: [{ name: "app", image, imageID: "", ...container }],
    hostIP: "10.0.0.1",
    podIP: "10.244.1.7",
    startTime: T0,
  };
}

/** A scheduled pod with one container "app" in the given state (running and ready by default). */
export function podFixture(shape: PodShape = {}): V1Pod {
  const { name, labels, owner } = identity(shape);
  const container = shape.container ?? states.running();
  const spec = baseSpec({ ...shape, node: shape.node ?? "kwok-node-1" });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, uid: `uid-${name}`, labels, ownerReferences: [owner], creationTimestamp: T0 },
    spec,
    status: runningStatus(container, shape.podReady ?? container.ready, spec?.containers[0]?.image ?? ""),
  };
}

/** A pod the scheduler could not place, with the scheduler's message on PodScheduled. */
export function pendingPodFixture(message: string, shape: PodShape = {}): V1Pod {
  const { name, labels, owner } = identity(shape);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, uid: `uid-${name}`, labels, ownerReferences: [owner], creationTimestamp: T0 },
    spec: baseSpec({ ...shape, node: undefined }),
    status: {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message, lastTransitionTime: T0 }],
    },
  };
}

/** A pod the kubelet evicted under memory pressure, as kwok's pod-evicted stage leaves it. */
export function evictedPodFixture(node: string, shape: PodShape = {}): V1Pod {
  const pod = podFixture({ ...shape, node, container: states.evicted() });
  return {
    ...pod,
    status: {
      ...pod.status,
      phase: "Failed",
      reason: "Evicted",
      message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 20Mi.",
      conditions: [
        { type: "DisruptionTarget", status: "True", reason: "TerminationByKubelet", message: "The node was low on resource: memory.", lastTransitionTime: T0 },
        { type: "Ready", status: "False", reason: "PodFailed", lastTransitionTime: T0 },
      ],
    },
  };
}
