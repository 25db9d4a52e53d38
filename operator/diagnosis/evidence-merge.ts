/** Folds one tool result into the evidence, by the keys of the plugins' data contract. Pure. */
import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Node,
  V1ObjectMeta,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1ResourceQuota,
  V1Service,
} from "@kubernetes/client-node";
import type { PodOwnership } from "../../lib/kube/owners.js";
import type { PluginResult } from "../plugins/types.js";
import type { Evidence, KnowledgeHit, MissingRef, NodeFit, Target } from "./evidence.js";
import type { ToolCall } from "./evidence-plan.js";
import { newestFirst } from "./facts/events.js";
import { matchesSelector } from "../../lib/kube/label-selector.js";
import { claimNamesOf, podName } from "./facts/pods.js";
import { readNamespaceOf } from "./facts/target.js";
import { isOwnedBy, workloadOf } from "./facts/workload.js";

type Merger = (e: Evidence, value: unknown, call: ToolCall) => Evidence;

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null;

/** A data value as a list of objects: the contract sends lists, and single objects under singular keys. */
function objectsOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value.filter(isObject) as T[];
  return isObject(value) ? [value as T] : [];
}

const metaKey = (o: { metadata?: V1ObjectMeta }): string => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
const eventKey = (ev: CoreV1Event): string => ev.metadata.uid ?? metaKey(ev);

/** Adds or replaces items by key, keeping the order in which they were first seen. */
function upsert<T>(current: T[], incoming: T[], key: (t: T) => string): T[] {
  const byKey = new Map(current.map((t) => [key(t), t]));
  for (const t of incoming) byKey.set(key(t), t);
  return [...byKey.values()];
}

/** Owned by the target, by the owner chain read from the cluster (its first link is the pod itself). */
const ownedByTarget = (e: Evidence, pod: V1Pod): boolean => isOwnedBy(e, pod, e.target.kind, e.target.name);

/** A Deployment target without its selector keeps the pods whose read owner is that Deployment, none by name. */
const ownedByDeployment = (e: Evidence, pod: V1Pod): boolean => {
  const w = workloadOf(e, pod);
  return w?.kind === "Deployment" && w.name === e.target.name && w.namespace === readNamespaceOf(e.target);
};

type PodFilter = (e: Evidence, pod: V1Pod) => boolean;

/** Which listed pods belong to the target: a namespace-wide list also holds other workloads' pods. */
const POD_FILTERS: Partial<Record<Target["kind"], PodFilter>> = {
  Pod: (e, pod) => podName(pod) === e.target.name,
  Node: (e, pod) => pod.spec?.nodeName === e.target.name,
  // An overlapping selector also matches other workloads' pods: a pod whose read owner is another workload is not the target's.
  Deployment: (e, pod) =>
    e.deployment === undefined
      ? ownedByDeployment(e, pod)
      : matchesSelector(pod.metadata?.labels, e.deployment.spec?.selector) && (workloadOf(e, pod) === undefined || ownedByDeployment(e, pod)),
  Service: (e, pod) => e.service?.spec?.selector === undefined || matchesSelector(pod.metadata?.labels, { matchLabels: e.service.spec.selector }),
  PersistentVolumeClaim: (e, pod) => claimNamesOf(pod).includes(e.target.name),
  StatefulSet: ownedByTarget,
  DaemonSet: ownedByTarget,
  ReplicaSet: ownedByTarget,
  Job: ownedByTarget,
  CronJob: ownedByTarget,
};

/** describe_node lists the pods of every namespace on the node; only a Node target wants them all. */
const inTargetNamespace = (e: Evidence, pod: V1Pod): boolean =>
  e.target.kind === "Node" || pod.metadata?.namespace === undefined || pod.metadata.namespace === readNamespaceOf(e.target);

const mergePods: Merger = (e, value) => {
  const belongs = POD_FILTERS[e.target.kind] ?? ((): boolean => true);
  return { ...e, pods: upsert(e.pods, objectsOf<V1Pod>(value).filter((pod) => inTargetNamespace(e, pod) && belongs(e, pod)), metaKey) };
};

/** check_pod_scheduling sends, under `nodes`, one check per node of the pod it was asked about, not Node objects. */
const isNodeFit = (o: object): boolean => typeof (o as { node?: unknown }).node === "string";

const mergeNodes: Merger = (e, value, call) => {
  const objects = objectsOf<object>(value);
  const pod = typeof call.args.pod_name === "string" ? call.args.pod_name : "";
  const fits = objects.filter(isNodeFit).map((f) => ({ ...(f as Omit<NodeFit, "pod">), pod }));
  const nodes = objects.filter((o) => !isNodeFit(o)) as V1Node[];
  return { ...e, nodes: upsert(e.nodes, nodes, metaKey), nodeFits: upsert(e.nodeFits, fits, (f) => `${f.pod}/${f.node}`) };
};

/** The first Deployment described stays `deployment` (the target's, for a Deployment target); each goes in `deployments`. */
const mergeDeployment: Merger = (e, value) => {
  const [deployment] = objectsOf<V1Deployment>(value);
  if (deployment === undefined) return e;
  const first = e.deployment === undefined || metaKey(e.deployment) === metaKey(deployment) ? deployment : e.deployment;
  return { ...e, deployment: first, deployments: upsert(e.deployments, [deployment], metaKey) };
};

const isOwnership = (o: object): o is PodOwnership =>
  typeof (o as { pod?: { name?: unknown } }).pod?.name === "string" && Array.isArray((o as { chain?: unknown }).chain);

const ownershipKey = (o: PodOwnership): string => `${o.pod.namespace}/${o.pod.name}/${o.pod.uid}`;

const mergeService: Merger = (e, value) => {
  const [service] = objectsOf<V1Service>(value);
  return service === undefined ? e : { ...e, service };
};

const MERGERS: Record<string, Merger> = {
  pods: mergePods,
  pod: mergePods,
  events: (e, v) => ({ ...e, events: newestFirst(upsert(e.events, objectsOf<CoreV1Event>(v), eventKey)) }),
  podOwners: (e, v) => ({ ...e, podOwners: upsert(e.podOwners, objectsOf<object>(v).filter(isOwnership), ownershipKey) }),
  deployment: mergeDeployment,
  service: mergeService,
  replicaSets: (e, v) => ({ ...e, replicaSets: upsert(e.replicaSets, objectsOf<V1ReplicaSet>(v), metaKey) }),
  nodes: mergeNodes,
  node: mergeNodes,
  pvc: (e, v) => ({ ...e, pvcs: upsert(e.pvcs, objectsOf<V1PersistentVolumeClaim>(v), metaKey) }),
  endpointSlices: (e, v) => ({ ...e, endpointSlices: upsert(e.endpointSlices, objectsOf<V1EndpointSlice>(v), metaKey) }),
  quotas: (e, v) => ({ ...e, quotas: upsert(e.quotas, objectsOf<V1ResourceQuota>(v), metaKey) }),
  missingRefs: (e, v) => ({
    ...e,
    missingRefs: upsert(e.missingRefs, objectsOf<MissingRef>(v), (r) => `${r.kind}/${r.name}/${r.key ?? ""}`),
  }),
  knowledge: (e, v) => ({ ...e, knowledge: upsert(e.knowledge, objectsOf<KnowledgeHit>(v), (k) => k.id) }),
};

/** Merged before the pods, whose filter reads the selectors and the owners. */
const FIRST_KEYS = new Set(["deployment", "service", "podOwners"]);

/**
 * The evidence with one result folded in. A failed call is recorded, never thrown. The
 * Deployment and Service go in before the pods, whose filter reads their selectors.
 */
export function absorbResult(e: Evidence, call: ToolCall, result: PluginResult): Evidence {
  if (!result.ok) {
    return { ...e, toolFailures: [...e.toolFailures, { tool: call.tool, args: call.args, error: result.error ?? result.summary }] };
  }
  const data = result.data ?? {};
  const order = (key: string): number => (FIRST_KEYS.has(key) ? 0 : 1);
  const keys = Object.keys(data).sort((a, b) => order(a) - order(b));
  return keys.reduce((acc, key) => {
    const merge = MERGERS[key];
    return merge === undefined ? acc : merge(acc, data[key], call);
  }, e);
}
