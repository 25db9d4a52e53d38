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
import type { PluginResult } from "../plugins/types.js";
import type { Evidence, KnowledgeHit, MissingRef, NodeFit, OwnerRef, Target } from "./evidence.js";
import type { ToolCall } from "./evidence-plan.js";
import { newestFirst } from "./facts/events.js";
import { matchesSelector } from "../../lib/kube/label-selector.js";
import { claimNamesOf, podName } from "./facts/pods.js";
import { isNamedAfterDeployment, namespaceOf } from "./facts/workload.js";

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

const ownedBy = (pod: V1Pod, name: string): boolean => pod.metadata?.ownerReferences?.some((o) => o.name === name) ?? false;

type PodFilter = (e: Evidence, pod: V1Pod) => boolean;

/** Which listed pods belong to the target: a namespace-wide list also holds other workloads' pods. */
const POD_FILTERS: Partial<Record<Target["kind"], PodFilter>> = {
  Pod: (e, pod) => podName(pod) === e.target.name,
  Node: (e, pod) => pod.spec?.nodeName === e.target.name,
  Deployment: (e, pod) =>
    e.deployment === undefined
      ? isNamedAfterDeployment(podName(pod), e.target.name)
      : matchesSelector(pod.metadata?.labels, e.deployment.spec?.selector),
  Service: (e, pod) => e.service?.spec?.selector === undefined || matchesSelector(pod.metadata?.labels, { matchLabels: e.service.spec.selector }),
  PersistentVolumeClaim: (e, pod) => claimNamesOf(pod).includes(e.target.name),
  StatefulSet: (e, pod) => ownedBy(pod, e.target.name),
  DaemonSet: (e, pod) => ownedBy(pod, e.target.name),
  ReplicaSet: (e, pod) => ownedBy(pod, e.target.name),
  Job: (e, pod) => ownedBy(pod, e.target.name),
  CronJob: (e, pod) => pod.metadata?.ownerReferences?.some((o) => o.kind === "Job" && o.name.startsWith(`${e.target.name}-`)) ?? false,
};

/** describe_node lists the pods of every namespace on the node; only a Node target wants them all. */
const inTargetNamespace = (e: Evidence, pod: V1Pod): boolean =>
  e.target.kind === "Node" || pod.metadata?.namespace === undefined || pod.metadata.namespace === namespaceOf(e.target);

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

const mergeDeployment: Merger = (e, value) => {
  const [deployment] = objectsOf<V1Deployment>(value);
  return deployment === undefined ? e : { ...e, deployment };
};

const mergeService: Merger = (e, value) => {
  const [service] = objectsOf<V1Service>(value);
  return service === undefined ? e : { ...e, service };
};

const MERGERS: Record<string, Merger> = {
  pods: mergePods,
  pod: mergePods,
  events: (e, v) => ({ ...e, events: newestFirst(upsert(e.events, objectsOf<CoreV1Event>(v), eventKey)) }),
  ownerChain: (e, v) => {
    const chain = objectsOf<OwnerRef>(v);
    return chain.length === 0 ? e : { ...e, ownerChain: chain };
  },
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

/**
 * The evidence with one result folded in. A failed call is recorded, never thrown. The
 * Deployment and Service go in before the pods, whose filter reads their selectors.
 */
export function absorbResult(e: Evidence, call: ToolCall, result: PluginResult): Evidence {
  if (!result.ok) {
    return { ...e, toolFailures: [...e.toolFailures, { tool: call.tool, args: call.args, error: result.error ?? result.summary }] };
  }
  const data = result.data ?? {};
  const order = (key: string): number => (key === "deployment" || key === "service" ? 0 : 1);
  const keys = Object.keys(data).sort((a, b) => order(a) - order(b));
  return keys.reduce((acc, key) => {
    const merge = MERGERS[key];
    return merge === undefined ? acc : merge(acc, data[key], call);
  }, e);
}
