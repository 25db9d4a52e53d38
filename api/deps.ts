/**
 * What the facade needs from the outside world, as narrow ports. The
 * server wires the real ones (informers, SQLite, the apiserver); unit tests
 * pass fakes and call the app with `inject`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Incident, KnowledgeEntry, Plugin } from "../lib/resources.js";
import type { Intake } from "../lib/intake/intake.js";
import type { AccessCheck, ApiUser } from "./auth/kube-auth.js";
import type { IncidentQuery, IncidentStats, KnowledgeQuery } from "./index/search-index.js";
import type { Locale } from "./messages.js";

export type { IncidentQuery, KnowledgeQuery };

/** A read-only view of one informer cache. */
export interface CacheView<T> {
  list(): readonly T[];
  get(name: string): T | undefined;
}

export interface ResourceCache {
  incidents: CacheView<Incident>;
  plugins: CacheView<Plugin>;
  knowledge: CacheView<KnowledgeEntry>;
  /** True once every informer has listed. */
  synced(): boolean;
}

export type { AccessCheck, ApiUser };

export interface AccessControl {
  authenticate(token: string): Promise<ApiUser | undefined>;
  authorize(user: ApiUser, check: AccessCheck): Promise<{ allowed: boolean; reason?: string }>;
}

/** The SQLite index: search, filters, statistics and history. */
export interface IncidentIndexPort {
  listIncidents(q: IncidentQuery): { items: Incident[]; total: number };
  getIncident(id: string): { incident: Incident; deletedAt?: string } | undefined;
  listKnowledge(q: KnowledgeQuery): { items: KnowledgeEntry[]; total: number };
  incidentStats(): IncidentStats;
  ping(): boolean;
}

/** Writes that go to the apiserver. */
export interface ResourceWriter {
  getIncident(name: string): Promise<Incident | undefined>;
  patchIncident(name: string, patch: object): Promise<Incident>;
  getKnowledge(name: string): Promise<KnowledgeEntry | undefined>;
  createKnowledge(body: unknown): Promise<KnowledgeEntry>;
  patchKnowledge(name: string, patch: object): Promise<KnowledgeEntry>;
  deleteKnowledge(name: string): Promise<boolean>;
}

/** Runtime settings (ConfigMap kubefix-config + Secret kubefix-secrets). */
export interface SettingsPort {
  /** The documented GET /api/config document, secrets masked. */
  document(): Promise<Record<string, unknown>>;
  /** Validates and stores env-style keys; returns field issues instead of writing when invalid. */
  update(body: unknown, locale: Locale): Promise<{ field: string; message: string }[] | undefined>;
  /** Keys stored in the Secret: writing them needs rights on the Secret too. */
  isSecretKey(key: string): boolean;
}

/** The environment context (ConfigMap kubefix-environment-context). */
export interface EnvironmentPort {
  read(): Promise<Record<string, unknown>>;
  write(body: unknown, locale: Locale): Promise<{ field: string; message: string }[] | undefined>;
}

/** The SSE hub's side the route needs. */
export interface EventStreamPort {
  stream(request: FastifyRequest, reply: FastifyReply): void;
}

/** The current time by the deps' clock (the real one unless a test set `now`). */
export const nowOf = (deps: Pick<ApiDeps, "now">): Date => (deps.now ?? ((): Date => new Date()))();

export interface ApiDeps {
  namespace: string;
  version: string;
  startedAt: Date;
  now?: () => Date;
  locale: () => Locale;
  cache: ResourceCache;
  index: IncidentIndexPort;
  access: AccessControl;
  intake: Pick<Intake, "receive">;
  writer: ResourceWriter;
  settings: SettingsPort;
  environment: EnvironmentPort;
  events: EventStreamPort;
  /** "configured" when an LLM key is set, "not_configured" otherwise. */
  llmStatus: () => string;
  /** How often an open SSE stream's access is checked again; a minute when left out. */
  streamRecheckMs?: number;
}
