/**
 * `kubefix api`: wires the real ports (informer caches, the SQLite index,
 * TokenReview/SubjectAccessReview, intake, the settings stores, the SSE
 * hub), builds the app and listens, with a graceful close.
 */
import { existsSync, renameSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance } from "fastify";
import { registry } from "../lib/metrics.js";
import { componentLogger, logger } from "../lib/logger.js";
import { createIntake } from "../lib/intake/intake.js";
import { buildApp } from "./app.js";
import type { ApiDeps } from "./deps.js";
import { KubeAuth } from "./auth/kube-auth.js";
import { ApiCache } from "./cache.js";
import { SearchIndex } from "./index/search-index.js";
import { settingsPorts } from "./settings-ports.js";
import { EventHub } from "./sse/event-hub.js";
import { streamEvents } from "./sse/events-route.js";
import { registerSseMetrics } from "./sse/sse-metrics.js";
import { kubeWriter } from "./writer.js";

const log = componentLogger("api");

export interface ApiOptions {
  kc: KubeConfig;
  namespace: string;
  /** host:port; port 0 picks a free one. */
  address: string;
  /** The SQLite file; ":memory:" keeps the index in memory. */
  databasePath: string;
  version: string;
}

export interface RunningApi {
  app: FastifyInstance;
  /** The ports the app was built with (tests build a second app with one of them replaced). */
  deps: ApiDeps;
  /** `http://host:port` as listening. */
  url: string;
  close(): Promise<void>;
}

let sseMetricsRegistered = false;

/** Starts the facade; resolves once the caches have synced and the server listens. */
export async function startApi(opts: ApiOptions): Promise<RunningApi> {
  const { kc, namespace } = opts;
  const index = openIndex(opts.databasePath);
  const hub = new EventHub();
  if (!sseMetricsRegistered) {
    registerSseMetrics(registry, hub);
    sseMetricsRegistered = true;
  }
  const cache = new ApiCache(kc, namespace, { index, hub });
  await cache.start();
  const settings = settingsPorts(kc, namespace);
  await settings.refresh();
  const deps: ApiDeps = {
    namespace,
    version: opts.version,
    startedAt: new Date(),
    locale: settings.locale,
    cache,
    index,
    access: new KubeAuth({ kc, namespace }),
    intake: createIntake({ kc, namespace, dedupeWindowMs: settings.dedupeWindowMs }),
    writer: kubeWriter(kc, namespace),
    settings: settings.settings,
    environment: settings.environment,
    events: { stream: (request, reply) => streamEvents(request, reply, hub) },
    llmStatus: settings.llmStatus,
  };
  const app = await buildApp(deps, { loggerInstance: logger.child({ component: "http" }) });
  // Open SSE streams would otherwise keep close() waiting for ever.
  app.addHook("preClose", (done) => {
    hub.close();
    done();
  });
  const [host, port] = splitAddress(opts.address);
  await app.listen({ host, port });
  const bound = app.server.address();
  const url = typeof bound === "object" && bound ? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${bound.port}` : opts.address;
  log.info({ url, namespace }, "REST facade listening");
  return {
    app,
    deps,
    url,
    close: async () => {
      settings.stop();
      await app.close();
      await cache.stop();
      index.close();
    },
  };
}

/**
 * Opens the index; a file that is not a database or cannot be migrated is moved aside and a new
 * one built: the index is derived, so only history beyond retention is lost, never the service.
 */
export function openIndex(path: string): SearchIndex {
  try {
    return SearchIndex.open(path);
  } catch (err) {
    if (path === ":memory:") throw err;
    const aside = `${path}.broken-${Date.now()}`;
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    log.error({ err, path, movedTo: aside }, "the index could not be opened; moved it aside and rebuilding from the cluster");
    return SearchIndex.open(path);
  }
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(":");
  return [address.slice(0, at) || "0.0.0.0", Number(address.slice(at + 1))];
}
