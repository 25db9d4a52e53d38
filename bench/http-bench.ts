/**
 * The whole Fastify app (auth hook, validation, serialization, metrics) over
 * in-memory ports, with the real SQLite index behind `GET /api/incidents`:
 * first through `app.inject`, then over loopback HTTP with concurrent clients.
 */
import { existsSync } from "node:fs";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../api/app.js";
import type { SearchIndex } from "../api/index/search-index.js";
import { fakeWorld } from "../api/testing/fake-deps.js";
import type { Incident } from "../lib/resources.js";
import type { LoadReport, LoadRequest } from "./http-load.js";
import { sampleAsync, summarize, type Latency } from "./stats.js";

const TOKEN = "admin";

/** One route measured one way. */
export interface HttpResult {
  route: string;
  way: "inject" | "http";
  concurrency: number;
  requestsPerSecond: number;
  latency: Latency;
  errors: number;
  firstError?: string;
}

export interface HttpOptions {
  index: SearchIndex;
  /** Incidents in the fake informer cache, for `GET /api/incidents/:id`. */
  incidents: readonly Incident[];
  concurrency: number;
  /** How long each route is loaded over HTTP. */
  durationMs: number;
}

/** How the HTTP load is generated, for the report. */
export const LOAD_TOOL = existsSync("node_modules/autocannon")
  ? "node fetch in a child process (autocannon is installed but not used, to keep one method)"
  : "node fetch in a child process (autocannon is not installed)";

/** The routes measured: the list the UI opens with, a search, one incident from the cache. */
export function benchRoutes(incidents: readonly Incident[]): { route: string; path: string }[] {
  const sample = incidents[Math.floor(incidents.length / 2)]!;
  return [
    { route: "GET /api/incidents?page=1&page_size=20", path: "/api/incidents?page=1&page_size=20" },
    { route: "GET /api/incidents?search=OOMKilled", path: "/api/incidents?search=OOMKilled" },
    { route: "GET /api/incidents/:id (informer cache)", path: `/api/incidents/${sample.spec.id}` },
  ];
}

async function appOver(opts: HttpOptions): Promise<FastifyInstance> {
  const world = fakeWorld();
  world.deps.index = opts.index;
  for (const inc of opts.incidents) world.incidents.put(inc);
  // The limiters run (their cost is measured) but never refuse: a benchmark is one client sending a flood.
  const unrefused = { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
  const app = await buildApp(world.deps, { rateLimits: { perClient: unrefused, refusedTokensPerClient: unrefused, perUser: unrefused } });
  await app.ready();
  return app;
}

async function injectOnce(app: FastifyInstance, path: string): Promise<void> {
  const res = await app.inject({ method: "GET", url: path, headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
}

function loadInChild(req: LoadRequest): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL("./http-load.ts", import.meta.url));
    // The child is TypeScript too: load it through tsx, however this process was started.
    const child = fork(script, [JSON.stringify(req)], { execArgv: ["--import", import.meta.resolve("tsx")] });
    child.once("message", (report: LoadReport) => resolve(report));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the load generator exited with ${code} before reporting`)));
  });
}

async function overHttp(app: FastifyInstance, opts: HttpOptions, route: { route: string; path: string }): Promise<HttpResult> {
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("the app is not listening on TCP");
  const url = `http://127.0.0.1:${address.port}${route.path}`;
  const report = await loadInChild({ url, token: TOKEN, concurrency: opts.concurrency, durationMs: opts.durationMs });
  return {
    route: route.route,
    way: "http",
    concurrency: opts.concurrency,
    requestsPerSecond: (report.latencies.length / report.wallMs) * 1000,
    latency: summarize(report.latencies),
    errors: report.errors,
    ...(report.firstError === undefined ? {} : { firstError: report.firstError }),
  };
}

/** Measures each route with `inject` (one at a time), then over HTTP with `concurrency` clients. */
export async function benchHttp(opts: HttpOptions): Promise<HttpResult[]> {
  const app = await appOver(opts);
  const results: HttpResult[] = [];
  try {
    for (const route of benchRoutes(opts.incidents)) {
      const { latency, wallMs } = await sampleAsync(() => injectOnce(app, route.path));
      results.push({ route: route.route, way: "inject", concurrency: 1, requestsPerSecond: (latency.samples / wallMs) * 1000, latency, errors: 0 });
    }
    await app.listen({ host: "127.0.0.1", port: 0 });
    for (const route of benchRoutes(opts.incidents)) results.push(await overHttp(app, opts, route));
  } finally {
    await app.close();
  }
  return results;
}
