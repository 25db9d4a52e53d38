/**
 * Wakes verifying incidents when something they judge changes, instead of
 * polling: while at least one incident verifies, the collections its plan
 * needs (the target's kind and the pods of its namespace, EndpointSlices,
 * nodes) are watched, and each relevant change requeues the incident. The
 * reconciler keeps a slow fallback requeue for a missed event.
 */
import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1LabelSelector,
} from "@kubernetes/client-node";
import { keyOf } from "../../lib/controller/controller.js";
import { ResilientInformer, type InformerEvent } from "../../lib/controller/informer.js";
import type { Logger } from "../../lib/logger.js";
import { verificationWakeupsTotal } from "../../lib/metrics.js";
import type { Incident } from "../../lib/resources.js";
import { collectionKey, collectionOf, interestsOf, isRelevant, nodeSignature, ownerCollection, type Collection, type Interest } from "./interest.js";
import { verificationPlan } from "./subjects.js";

/** The part of an informer the watch uses; tests pass fakes. */
export interface CollectionInformer {
  on(listener: (event: InformerEvent, obj: KubernetesObject) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  get(name: string, namespace?: string): KubernetesObject | undefined;
}

export interface VerifyWatchOptions {
  kc: KubeConfig;
  /** The incidents: the watch follows which of them verify. */
  incidents: Pick<ResilientInformer<Incident>, "on" | "list">;
  /** Requeues the incident with work-queue key `key`. */
  wake: (key: string) => void;
  log: Logger;
  makeInformer?: (c: Collection) => CollectionInformer;
}

type List = () => Promise<KubernetesListObject<KubernetesObject>>;

function listerFor(kc: KubeConfig, c: Collection): { path: string; list: List } {
  const ns = c.namespace ?? "";
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  switch (c.kind) {
    case "Pod":
      return { path: `/api/v1/namespaces/${ns}/pods`, list: () => core.listNamespacedPod({ namespace: ns }) };
    case "Service":
      return { path: `/api/v1/namespaces/${ns}/services`, list: () => core.listNamespacedService({ namespace: ns }) };
    case "Node":
      return { path: "/api/v1/nodes", list: () => core.listNode() };
    case "EndpointSlice":
      return {
        path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
        list: () => kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: ns }),
      };
    case "Deployment":
      return { path: `/apis/apps/v1/namespaces/${ns}/deployments`, list: () => apps.listNamespacedDeployment({ namespace: ns }) };
    case "StatefulSet":
      return { path: `/apis/apps/v1/namespaces/${ns}/statefulsets`, list: () => apps.listNamespacedStatefulSet({ namespace: ns }) };
    case "DaemonSet":
      return { path: `/apis/apps/v1/namespaces/${ns}/daemonsets`, list: () => apps.listNamespacedDaemonSet({ namespace: ns }) };
  }
}

/** An informer of one collection on the real apiserver. */
export const realInformer = (kc: KubeConfig) => (c: Collection): CollectionInformer =>
  new ResilientInformer<KubernetesObject>({ kc, name: `verify-${collectionKey(c)}`, ...listerFor(kc, c) });

/** Work-queue key of each verifying incident -> what it wants to be woken for. */
function verifyingInterests(incidents: readonly Incident[]): Map<string, Interest[]> {
  const interests = new Map<string, Interest[]>();
  for (const incident of incidents) {
    if (incident.status?.phase === "verifying") interests.set(keyOf(incident), interestsOf(verificationPlan(incident.spec, incident.status)));
  }
  return interests;
}

/** The collections that feed `interests`, by key; a pods_of interest also needs its owner's, for the selector. */
function neededCollections(interests: readonly Interest[]): Map<string, Collection> {
  const needed = new Map<string, Collection>();
  for (const i of interests) {
    for (const c of [collectionOf(i), ...(i.kind === "pods_of" ? [ownerCollection(i)] : [])]) needed.set(collectionKey(c), c);
  }
  return needed;
}

interface Watched {
  collection: Collection;
  informer: CollectionInformer;
}

export class VerifyWatch {
  private readonly watched = new Map<string, Watched>();
  /** Work-queue key of each verifying incident -> what it wants to be woken for. */
  private interests = new Map<string, Interest[]>();
  private readonly nodeSignatures = new Map<string, string>();
  private readonly makeInformer: (c: Collection) => CollectionInformer;
  private running = false;

  constructor(private readonly opts: VerifyWatchOptions) {
    this.makeInformer = opts.makeInformer ?? realInformer(opts.kc);
    opts.incidents.on(() => this.sync());
  }

  /** Starts following verifying incidents. */
  start(): void {
    this.running = true;
    this.sync();
  }

  /** Stops every watch. */
  async stop(): Promise<void> {
    this.running = false;
    const all = [...this.watched.values()];
    this.watched.clear();
    this.interests.clear();
    await Promise.all(all.map((w) => w.informer.stop()));
  }

  /** Keys of the collections watched now, for tests and logs. */
  watchedCollections(): string[] {
    return [...this.watched.keys()].sort();
  }

  /** Recomputes the verifying incidents' interests and starts or stops watches to match. */
  sync(): void {
    if (!this.running) return;
    this.interests = verifyingInterests(this.opts.incidents.list());
    const needed = neededCollections([...this.interests.values()].flat());
    for (const [key, w] of this.watched) if (!needed.has(key)) this.unwatch(key, w);
    for (const [key, c] of needed) if (!this.watched.has(key)) this.watch(key, c);
  }

  private watch(key: string, collection: Collection): void {
    const informer = this.makeInformer(collection);
    informer.on((event, obj) => this.onChange(collection, event, obj));
    this.watched.set(key, { collection, informer });
    informer.start().catch((err: unknown) => this.opts.log.warn({ collection: key, err }, "verification watch failed to start"));
  }

  private unwatch(key: string, w: Watched): void {
    this.watched.delete(key);
    if (w.collection.kind === "Node") this.nodeSignatures.clear();
    w.informer.stop().catch((err: unknown) => this.opts.log.warn({ collection: key, err }, "verification watch failed to stop"));
  }

  private readonly selectorOf = (kind: string, namespace: string, name: string): V1LabelSelector | undefined => {
    const owner = this.watched.get(`${kind}/${namespace}`)?.informer.get(name, namespace) as
      | { spec?: { selector?: V1LabelSelector | Record<string, string> } }
      | undefined;
    const selector = owner?.spec?.selector;
    if (selector === undefined) return undefined;
    // A Service's selector is a plain map of labels.
    return kind === "Service" ? { matchLabels: selector as Record<string, string> } : selector;
  };

  /** Heartbeats of a node that change none of its conditions wake nobody. */
  private nodeChanged(event: InformerEvent, obj: KubernetesObject): boolean {
    const name = obj.metadata?.name ?? "";
    const signature = event === "delete" ? "deleted" : nodeSignature(obj as KubernetesObject & Parameters<typeof nodeSignature>[0]);
    const changed = this.nodeSignatures.get(name) !== signature;
    this.nodeSignatures.set(name, signature);
    return changed;
  }

  private onChange(collection: Collection, event: InformerEvent, obj: KubernetesObject): void {
    if (!this.running) return;
    if (collection.kind === "Node" && !this.nodeChanged(event, obj)) return;
    for (const [key, interests] of this.interests) {
      if (!interests.some((i) => isRelevant(i, collection, obj, this.selectorOf))) continue;
      verificationWakeupsTotal.inc({ kind: collection.kind });
      this.opts.wake(key);
    }
  }
}
