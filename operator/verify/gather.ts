/**
 * Reads what each planned subject's judgement needs. Every failure to read
 * is an observation ("unreadable"), never an exception and never healthy.
 */
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, type KubeConfig, type V1LabelSelector, type V1Pod } from "@kubernetes/client-node";
import { apiErrorMessage, isApiStatus } from "../../lib/kube/client.js";
import { isEmptySelector, mapSelectorString, selectorString } from "../../lib/kube/label-selector.js";
import type { Observation } from "./judge.js";
import { subjectName, type Subject } from "./types.js";

interface Clients {
  apps: AppsV1Api;
  core: CoreV1Api;
  discovery: DiscoveryV1Api;
}

/** API clients for one gathering. */
export const clientsFor = (kc: KubeConfig): Clients => ({
  apps: kc.makeApiClient(AppsV1Api),
  core: kc.makeApiClient(CoreV1Api),
  discovery: kc.makeApiClient(DiscoveryV1Api),
});

const unreadable = (message: string): Observation => ({ kind: "unreadable", message });

async function podsOf(c: Clients, namespace: string, selector: V1LabelSelector | undefined): Promise<V1Pod[]> {
  return (await c.core.listNamespacedPod({ namespace, labelSelector: selectorString(selector) })).items;
}

// A workload with an empty selector would select every pod of its namespace; the apiserver refuses one for apps/v1.
const emptySelector = (s: Subject): Observation => unreadable(`${subjectName(s)} has an empty selector; a human should confirm`);

async function readDeployment(c: Clients, s: Subject, namespace: string): Promise<Observation> {
  const deployment = await c.apps.readNamespacedDeployment({ name: s.name, namespace });
  const selector = deployment.spec?.selector;
  if (isEmptySelector(selector)) return emptySelector(s);
  const [replicaSets, pods] = await Promise.all([
    c.apps.listNamespacedReplicaSet({ namespace, labelSelector: selectorString(selector) }),
    podsOf(c, namespace, selector),
  ]);
  return { kind: "Deployment", deployment, replicaSets: replicaSets.items, pods };
}

async function readStatefulSet(c: Clients, s: Subject, namespace: string): Promise<Observation> {
  const statefulSet = await c.apps.readNamespacedStatefulSet({ name: s.name, namespace });
  if (isEmptySelector(statefulSet.spec?.selector)) return emptySelector(s);
  return { kind: "StatefulSet", statefulSet, pods: await podsOf(c, namespace, statefulSet.spec?.selector) };
}

async function readDaemonSet(c: Clients, s: Subject, namespace: string): Promise<Observation> {
  const daemonSet = await c.apps.readNamespacedDaemonSet({ name: s.name, namespace });
  if (isEmptySelector(daemonSet.spec?.selector)) return emptySelector(s);
  return { kind: "DaemonSet", daemonSet, pods: await podsOf(c, namespace, daemonSet.spec?.selector) };
}

async function readService(c: Clients, name: string, namespace: string): Promise<Observation> {
  const service = await c.core.readNamespacedService({ name, namespace });
  const selector = mapSelectorString(service.spec?.selector);
  const [slices, pods] = await Promise.all([
    c.discovery.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${name}` }),
    selector === "" ? Promise.resolve([]) : c.core.listNamespacedPod({ namespace, labelSelector: selector }).then((l) => l.items),
  ]);
  return { kind: "Service", service, slices: slices.items, pods };
}

async function readPod(c: Clients, name: string, namespace: string): Promise<Observation> {
  try {
    return { kind: "Pod", pod: await c.core.readNamespacedPod({ name, namespace }) };
  } catch (err) {
    if (isApiStatus(err, 404)) return { kind: "Pod" };
    throw err;
  }
}

async function read(c: Clients, s: Subject): Promise<Observation> {
  const namespace = s.namespace ?? "default";
  switch (s.kind) {
    case "Deployment":
      return readDeployment(c, s, namespace);
    case "StatefulSet":
      return readStatefulSet(c, s, namespace);
    case "DaemonSet":
      return readDaemonSet(c, s, namespace);
    case "Pod":
      return readPod(c, s.name, namespace);
    case "Node":
      return { kind: "Node", node: await c.core.readNode({ name: s.name }) };
    case "Service":
      return readService(c, s.name, namespace);
    default:
      return unreadable(`verification of ${String((s as { kind: unknown }).kind)} is not supported; a human should confirm`);
  }
}

/** Reads one subject; a missing object or a failed read is an unreadable observation. */
export async function observe(c: Clients, s: Subject): Promise<Observation> {
  try {
    return await read(c, s);
  } catch (err) {
    if (isApiStatus(err, 404)) return unreadable(`${subjectName(s)} no longer exists`);
    return unreadable(`could not read ${subjectName(s)}: ${apiErrorMessage(err)}`);
  }
}

/** Every node, for a pressure cause that names none. */
export async function observeAllNodes(c: Clients): Promise<Observation> {
  try {
    return { kind: "Nodes", nodes: (await c.core.listNode()).items };
  } catch (err) {
    return unreadable(`could not list nodes: ${apiErrorMessage(err)}`);
  }
}
