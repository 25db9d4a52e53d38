/**
 * The facade's informer caches of Incidents, Plugins and KnowledgeEntries.
 * Every change also feeds the SQLite index (search, filters, history) and,
 * for incidents, the SSE hub. Nothing here is authoritative: a restart
 * lists everything again and rebuilds the index from the cluster.
 */
import type { KubeConfig, KubernetesObject } from "@kubernetes/client-node";
import { ResilientInformer } from "../lib/controller/informer.js";
import { KindClient } from "../lib/kube/kind-client.js";
import { collectionPath, INCIDENTS, KNOWLEDGE_ENTRIES, PLUGINS, type Incident, type KindRef, type KnowledgeEntry, type Plugin } from "../lib/resources.js";
import type { CacheView, ResourceCache } from "./deps.js";
import type { SearchIndex } from "./index/search-index.js";
import type { EventHub } from "./sse/event-hub.js";
import { attachIncidentEvents } from "./sse/incident-event-source.js";

function informerOf<T extends KubernetesObject>(kc: KubeConfig, ref: KindRef, namespace: string): ResilientInformer<T> {
  const client = new KindClient(kc, ref, namespace);
  return new ResilientInformer<T>({
    kc,
    name: `api-${ref.plural}`,
    path: collectionPath(ref, namespace),
    list: async () => (await client.list()) as never,
  });
}

// client-node's cache files objects by namespace: a lookup without one finds only cluster-scoped objects.
const viewOf = <T extends KubernetesObject>(informer: ResilientInformer<T>, namespace: string): CacheView<T> => ({
  list: () => informer.list(namespace),
  get: (name) => informer.get(name, namespace),
});

/** The three informers, wired to the index and the event hub. */
export class ApiCache implements ResourceCache {
  private readonly incidentInformer: ResilientInformer<Incident>;
  private readonly pluginInformer: ResilientInformer<Plugin>;
  private readonly knowledgeInformer: ResilientInformer<KnowledgeEntry>;
  readonly incidents: CacheView<Incident>;
  readonly plugins: CacheView<Plugin>;
  readonly knowledge: CacheView<KnowledgeEntry>;

  constructor(
    kc: KubeConfig,
    namespace: string,
    private readonly sinks: { index: SearchIndex; hub: EventHub; now?: () => Date },
  ) {
    this.incidentInformer = informerOf<Incident>(kc, INCIDENTS, namespace);
    this.pluginInformer = informerOf<Plugin>(kc, PLUGINS, namespace);
    this.knowledgeInformer = informerOf<KnowledgeEntry>(kc, KNOWLEDGE_ENTRIES, namespace);
    this.incidents = viewOf(this.incidentInformer, namespace);
    this.plugins = viewOf(this.pluginInformer, namespace);
    this.knowledge = viewOf(this.knowledgeInformer, namespace);
    const { index } = sinks;
    this.incidentInformer.on((event, inc) => {
      if (event === "delete") index.markIncidentDeleted(inc.spec.id, this.now());
      else index.upsertIncident(inc);
    });
    this.knowledgeInformer.on((event, entry) => {
      if (event === "delete") index.deleteKnowledge(entry.metadata.name ?? "");
      else index.upsertKnowledge(entry);
    });
  }

  private now(): Date {
    return (this.sinks.now ?? (() => new Date()))();
  }

  /** Lists and watches; resolves once all three have synced and the index matches the cluster. */
  async start(): Promise<void> {
    await Promise.all([this.incidentInformer.start(), this.pluginInformer.start(), this.knowledgeInformer.start()]);
    this.sinks.index.syncIncidents(this.incidents.list(), this.now());
    this.sinks.index.syncKnowledge(this.knowledge.list());
    // After the first list: what is cached now is the baseline, only later timeline events are streamed.
    attachIncidentEvents({ on: (listener) => this.incidentInformer.on(listener), list: () => this.incidents.list() }, this.sinks.hub);
  }

  synced(): boolean {
    return this.incidentInformer.hasSynced && this.pluginInformer.hasSynced && this.knowledgeInformer.hasSynced;
  }

  async stop(): Promise<void> {
    await Promise.all([this.incidentInformer.stop(), this.pluginInformer.stop(), this.knowledgeInformer.stop()]);
  }
}
