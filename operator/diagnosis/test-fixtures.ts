/**
 * Builders of Kubernetes objects shaped as the apiserver and kwok (test/kwok/stages.yaml) write
 * them, for the diagnosis tests. Not used by the operator itself.
 */
import type {
  V1ContainerStatus,
  V1Deployment,
  V1DeploymentCondition,
  V1Pod,
  V1ReplicaSet,
} from "@kubernetes/client-node";
import type { PodOwnership } from "../../lib/kube/owners.js";
import { emptyEvidence, type Evidence, type Target } from "./evidence.js";

export const NS = "production";
export const T0 = new Date("2026-01-15T10:00:00Z");
const minutes = (m: number): Date => new Date(T0.getTime() + m * 60_000);

/** The pod-template-hash of each revision, as the Deployment controller would name them. */
const HASHES = ["", "7d9f8b6c5", "5f7c9d4b8", "6b8d7f9c4"];
export const hashOf = (revision: number): string => HASHES[revision] ?? `r${revision}hash`;

/** A container status without its name and image, which the pod builder fills in. */
export type ContainerState = Omit<V1ContainerStatus, "name" | "image" | "imageID">;

/** Container states as the kubelet (kwok's stages) reports them. */
export const states = {
  running: (): ContainerState => ({ ready: true, started: true, restartCount: 0, state: { running: { startedAt: T0 } } }),
  oomKilled: (restarts = 7): ContainerState => ({
    ready: false,
    started: false,
    restartCount: restarts,
    lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: minutes(-2), finishedAt: minutes(-1) } },
    state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" } },
  }),
  crashLoop: (exitCode = 1, restarts = 5): ContainerState => ({
    ready: false,
    started: false,
    restartCount: restarts,
    lastState: { terminated: { exitCode, reason: "Error", startedAt: minutes(-2), finishedAt: minutes(-1) } },
    state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 2m40s restarting failed container=app" } },
  }),
  imagePull: (image: string): ContainerState => ({
    ready: false,
    started: false,
    restartCount: 0,
    state: {
      waiting: {
        reason: "ImagePullBackOff",
        message: `Back-off pulling image "${image}": ErrImagePull: failed to pull and unpack image: not found`,
      },
    },
  }),
  notReady: (): ContainerState => ({ ready: false, started: true, restartCount: 0, state: { running: { startedAt: T0 } } }),
  livenessKilled: (restarts = 4): ContainerState => ({
    ready: false,
    started: true,
    restartCount: restarts,
    lastState: {
      terminated: { exitCode: 137, reason: "Error", message: "Container failed liveness probe, will be restarted", finishedAt: minutes(-1) },
    },
    state: { running: { startedAt: T0 } },
  }),
  configError: (message: string): ContainerState => ({
    ready: false,
    started: false,
    restartCount: 0,
    state: { waiting: { reason: "CreateContainerConfigError", message } },
  }),
  evicted: (): ContainerState => ({
    ready: false,
    started: false,
    restartCount: 0,
    state: { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } },
  }),
};

export interface DeploymentShape {
  name: string;
  image: string;
  replicas: number;
  memoryLimit?: string;
  memoryRequest: string;
  revision: number;
  conditions?: V1DeploymentCondition[];
  readyReplicas?: number;
  currentReplicas?: number;
}

const healthyConditions = (name: string, revision: number): V1DeploymentCondition[] => [
  { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
  {
    type: "Progressing",
    status: "True",
    reason: "NewReplicaSetAvailable",
    message: `ReplicaSet "${name}-${hashOf(revision)}" has successfully progressed.`,
  },
];

function deploymentStatus(s: DeploymentShape): V1Deployment["status"] {
  const current = s.currentReplicas ?? s.replicas;
  const ready = s.readyReplicas ?? s.replicas;
  return {
    observedGeneration: s.revision,
    replicas: current,
    updatedReplicas: current,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: s.conditions ?? healthyConditions(s.name, s.revision),
  };
}

/** A Deployment with one container "app", its selector app=<name>. */
export function deploymentFixture(shape: Partial<DeploymentShape> = {}): V1Deployment {
  const name = shape.name ?? "user-service";
  const s: DeploymentShape = { image: `registry.example.com/${name}:1.4.0`, replicas: 2, memoryRequest: "64Mi", revision: 1, ...shape, name };
  const limits = s.memoryLimit === undefined ? {} : { limits: { memory: s.memoryLimit } };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: NS,
      uid: `uid-deploy-${name}`,
      generation: s.revision,
      annotations: { "deployment.kubernetes.io/revision": String(s.revision) },
    },
    spec: {
      replicas: s.replicas,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: s.image, resources: { requests: { cpu: "100m", memory: s.memoryRequest }, ...limits } }] },
      },
    },
    status: deploymentStatus(s),
  };
}

/** The ReplicaSet a Deployment controller made for one revision. */
export function replicaSetFixture(deployment: string, revision: number, image: string): V1ReplicaSet {
  const hash = hashOf(revision);
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${deployment}-${hash}`,
      namespace: NS,
      uid: `uid-rs-${deployment}-${hash}`,
      labels: { app: deployment, "pod-template-hash": hash },
      annotations: { "deployment.kubernetes.io/revision": String(revision) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: deployment, uid: `uid-deploy-${deployment}`, controller: true }],
    },
    spec: {
      selector: { matchLabels: { app: deployment, "pod-template-hash": hash } },
      template: { metadata: { labels: { app: deployment, "pod-template-hash": hash } }, spec: { containers: [{ name: "app", image }] } },
    },
  };
}

/**
 * Who owns a fixture pod, as describe_pod/list_pods would report it after reading the chain in
 * the cluster: the fixtures name a ReplicaSet "<deployment>-<hash>" owned by Deployment <deployment>
 * (uid "uid-deploy-<deployment>"), and a StatefulSet directly.
 */
export function fixtureOwnership(pod: V1Pod): PodOwnership {
  const meta = pod.metadata ?? {};
  const self = { namespace: meta.namespace ?? NS, name: meta.name ?? "", uid: meta.uid ?? "" };
  const chain = [{ kind: "Pod", name: self.name, uid: self.uid }];
  const ref = meta.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined) return { pod: self, chain, workload: { kind: "Pod", ...self } };
  chain.push({ kind: ref.kind, name: ref.name, uid: ref.uid });
  const app = meta.labels?.app ?? "";
  if (ref.kind === "ReplicaSet") chain.push({ kind: "Deployment", name: app, uid: `uid-deploy-${app}` });
  const top = chain[chain.length - 1] as { kind: string; name: string; uid: string };
  return { pod: self, chain, workload: { kind: top.kind, namespace: self.namespace, name: top.name, uid: top.uid } };
}

/**
 * Evidence about a target with the given parts; everything else empty. Unless given, the pods'
 * owners are what the plugins would read for them, and `deployments` holds `deployment`.
 */
export const evidenceFixture = (target: Target, parts: Partial<Omit<Evidence, "target">> = {}): Evidence => ({
  ...emptyEvidence(target),
  podOwners: (parts.pods ?? []).map(fixtureOwnership),
  deployments: parts.deployment === undefined ? [] : [parts.deployment],
  ...parts,
});

/** The Deployment target most scenarios are about. */
export const deploymentTarget = (name = "user-service"): Target => ({ kind: "Deployment", name, namespace: NS });
