/** Builders of events, nodes, claims, services and quotas for the diagnosis tests. */
import type {
  CoreV1Event,
  V1EndpointSlice,
  V1Node,
  V1NodeCondition,
  V1PersistentVolumeClaim,
  V1ResourceQuota,
  V1Service,
  V1Taint,
} from "@kubernetes/client-node";
import { NS, T0 } from "./test-fixtures.js";

export interface EventShape {
  reason: string;
  message: string;
  type?: "Normal" | "Warning";
  kind?: string;
  name: string;
  namespace?: string;
  count?: number;
  /** Minutes before T0 it last happened. */
  ago?: number;
  /** The reporter; the kubelet unless told otherwise. */
  component?: string;
}

let eventSeq = 0;

/** An Event as the kubelet or a controller records it. */
export function eventFixture(shape: EventShape): CoreV1Event {
  eventSeq += 1;
  const last = new Date(T0.getTime() - (shape.ago ?? 0) * 60_000);
  const namespace = shape.namespace ?? NS;
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${shape.name}.18a2b3c4d5e6f${eventSeq}`, namespace, uid: `uid-event-${eventSeq}` },
    involvedObject: { apiVersion: "v1", kind: shape.kind ?? "Pod", name: shape.name, namespace },
    reason: shape.reason,
    message: shape.message,
    type: shape.type ?? "Warning",
    count: shape.count ?? 1,
    firstTimestamp: new Date(last.getTime() - 10 * 60_000),
    lastTimestamp: last,
    source: { component: shape.component ?? "kubelet", host: "kwok-node-1" },
    reportingComponent: shape.component ?? "kubelet",
  };
}

export interface NodeShape {
  name?: string;
  ready?: "True" | "False" | "Unknown";
  memoryPressure?: boolean;
  taints?: V1Taint[];
  unschedulable?: boolean;
}

const nodeCondition = (type: string, status: string, reason: string, message: string): V1NodeCondition => ({
  type,
  status,
  reason,
  message,
  lastHeartbeatTime: T0,
  lastTransitionTime: T0,
});

const readyCondition = (status: "True" | "False" | "Unknown"): V1NodeCondition =>
  status === "Unknown"
    ? nodeCondition("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    : status === "False"
      ? nodeCondition("Ready", "False", "KubeletNotReady", "container runtime is down: PLEG is not healthy")
      : nodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status");

/** A kwok node with the usual conditions. */
export function nodeFixture(shape: NodeShape = {}): V1Node {
  const name = shape.name ?? "kwok-node-1";
  const pressure = shape.memoryPressure === true;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, type: "kwok" } },
    spec: { ...(shape.taints ? { taints: shape.taints } : {}), ...(shape.unschedulable ? { unschedulable: true } : {}) },
    status: {
      conditions: [
        readyCondition(shape.ready ?? "True"),
        pressure
          ? nodeCondition("MemoryPressure", "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
          : nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        nodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      ],
      allocatable: { cpu: "32", memory: "64Gi", pods: "110" },
      capacity: { cpu: "32", memory: "64Gi", pods: "110" },
    },
  };
}

/** A PersistentVolumeClaim in the given phase. */
export function pvcFixture(name: string, phase: "Pending" | "Bound", storageClassName = "fast-ssd"): V1PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: NS },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: "10Gi" } } },
    status: { phase },
  };
}

/** A ClusterIP Service with a selector. */
export function serviceFixture(name: string, selector: Record<string, string>): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: NS },
    spec: { type: "ClusterIP", selector, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] },
  };
}

/** The EndpointSlice of a Service with `ready` ready and `notReady` unready endpoints. */
export function endpointSliceFixture(service: string, ready: number, notReady: number): V1EndpointSlice {
  const endpoint = (i: number, isReady: boolean): V1EndpointSlice["endpoints"][number] => ({
    addresses: [`10.244.1.${i + 10}`],
    conditions: { ready: isReady, serving: isReady, terminating: false },
  });
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    addressType: "IPv4",
    metadata: { name: `${service}-abcde`, namespace: NS, labels: { "kubernetes.io/service-name": service } },
    endpoints: [...Array.from({ length: ready }, (_, i) => endpoint(i, true)), ...Array.from({ length: notReady }, (_, i) => endpoint(ready + i, false))],
  };
}

/** A ResourceQuota with its hard limits and current use. */
export function quotaFixture(name: string, hard: Record<string, string>, used: Record<string, string>): V1ResourceQuota {
  return { apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace: NS }, spec: { hard }, status: { hard, used } };
}
