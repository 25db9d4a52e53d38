/** In-memory ports for unit tests of the app: no cluster, no SQLite, a token table for auth. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Incident, KnowledgeEntry, Plugin } from "../../lib/resources.js";
import type { AccessCheck, ApiDeps, ApiUser, CacheView, IncidentQuery } from "../deps.js";

class MapView<T extends { metadata: { name?: string } }> implements CacheView<T> {
  readonly items = new Map<string, T>();
  list(): readonly T[] {
    return [...this.items.values()];
  }
  get(name: string): T | undefined {
    return this.items.get(name);
  }
  put(item: T): void {
    this.items.set(item.metadata.name ?? "", item);
  }
}

export interface FakeWorld {
  deps: ApiDeps;
  incidents: MapView<Incident>;
  plugins: MapView<Plugin>;
  knowledge: MapView<KnowledgeEntry>;
  /** Tokens and what each may do: `*` allows everything. */
  tokens: Map<string, { user: ApiUser; allow: (check: AccessCheck) => boolean }>;
  patches: { name: string; patch: object }[];
  alerts: unknown[];
  settingsWrites: unknown[];
}

const matches = (q: IncidentQuery, inc: Incident): boolean =>
  (!q.status || (inc.status?.phase ?? "new") === q.status) && (!q.severity || inc.spec.severity === q.severity);

/** A world with an admin token `admin`, a read-only token `viewer` and a token `nobody` with no rights. */
export function fakeWorld(): FakeWorld {
  const incidents = new MapView<Incident>();
  const plugins = new MapView<Plugin>();
  const knowledge = new MapView<KnowledgeEntry>();
  const patches: FakeWorld["patches"] = [];
  const alerts: unknown[] = [];
  const settingsWrites: unknown[] = [];
  const tokens: FakeWorld["tokens"] = new Map([
    ["admin", { user: { username: "admin", groups: [] }, allow: () => true }],
    ["viewer", { user: { username: "viewer", groups: [] }, allow: (c: AccessCheck) => ["get", "list", "watch"].includes(c.verb) }],
    ["nobody", { user: { username: "nobody", groups: [] }, allow: () => false }],
  ]);
  const deps: ApiDeps = {
    namespace: "kubefix-system",
    version: "0.1.0-test",
    startedAt: new Date(Date.now() - 5_000),
    locale: () => "zh",
    cache: { incidents, plugins, knowledge, synced: () => true },
    index: {
      listIncidents: (q) => {
        const all = incidents.list().filter((i) => matches(q, i));
        return { items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: all.length };
      },
      getIncident: () => undefined,
      listKnowledge: (q) => ({ items: knowledge.list().slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: knowledge.list().length }),
      ping: () => true,
      incidentStats: () => ({
        total: incidents.list().length,
        active: incidents.list().length,
        byStatus: {},
        bySeverity: {},
        meanTimeToResolveSeconds: null,
      }),
    },
    access: {
      authenticate: async (token) => tokens.get(token)?.user,
      authorize: async (user, check) => ({ allowed: [...tokens.values()].find((t) => t.user.username === user.username)?.allow(check) ?? false }),
    },
    intake: {
      receive: async (input) => {
        alerts.push(input);
        return { incidentId: "INC-20240115-001", outcome: "created", occurrences: 1 };
      },
    },
    writer: {
      getIncident: async (name) => incidents.get(name),
      patchIncident: async (name, patch) => {
        patches.push({ name, patch });
        return incidents.get(name)!;
      },
      getKnowledge: async (name) => knowledge.get(name),
      createKnowledge: async (body) => {
        const entry = body as KnowledgeEntry;
        const created = { ...entry, metadata: { ...entry.metadata, name: "kb-test1", creationTimestamp: new Date("2024-01-15T10:30:00Z") } };
        knowledge.put(created);
        return created;
      },
      patchKnowledge: async (name) => knowledge.get(name)!,
      deleteKnowledge: async (name) => knowledge.items.delete(name),
    },
    settings: {
      document: async () => ({ llm: { provider: "anthropic", model: "m", base_url: "https://api.anthropic.com", timeout: 300, api_key: null } }),
      update: async (body) => {
        settingsWrites.push(body);
        return undefined;
      },
      isSecretKey: (key) => key.endsWith("_KEY") || key.endsWith("_SECRET"),
    },
    environment: { read: async () => ({ services: [], infrastructure: {}, alert_definitions: {} }), write: async () => undefined },
    events: {
      stream: (_request: FastifyRequest, reply: FastifyReply) => {
        void reply.type("text/event-stream").send(": ok\n\n");
      },
    },
    llmStatus: () => "not_configured",
  };
  return { deps, incidents, plugins, knowledge, tokens, patches, alerts, settingsWrites };
}
