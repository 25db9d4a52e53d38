/** One run's numbers as Markdown: the environment, the method, the targets and a table per section. */
import type { HttpResult } from "./http-bench.js";
import type { IndexResult } from "./index-bench.js";
import type { FanOutResult, StalledResult } from "./sse-bench.js";
import { DEFAULT_BUDGET as B, formatBytes, formatMs, type Latency } from "./stats.js";
import type { BenchResults, Verdict } from "./targets.js";

/** Where and when the run happened. */
export interface RunEnvironment {
  date: string;
  node: string;
  sqlite: string;
  cpus: number;
  cpuModel: string;
  /** 1, 5 and 15 minute load averages. */
  loadBefore: readonly number[];
  loadAfter: readonly number[];
  totalSeconds: number;
  gc: boolean;
  loadTool: string;
  httpClients: number;
  httpSeconds: number;
}

const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const count = (n: number): string => n.toLocaleString("en-US");
const triple = (l: Latency): string => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)}`;
const load = (l: readonly number[]): string => l.map((v) => v.toFixed(2)).join(", ");

function environment(env: RunEnvironment): string {
  return [
    `Run ${env.date} · Node ${env.node} · SQLite ${env.sqlite} · ${env.cpus} CPUs (${env.cpuModel}) · ${env.totalSeconds.toFixed(0)} s in all`,
    "",
    `Load average (1, 5, 15 min) before: ${load(env.loadBefore)}; after: ${load(env.loadAfter)}.` +
      (env.loadBefore[0]! > env.cpus / 2 ? " Other work was running on this machine: expect noise, mostly in the tails (p99)." : ""),
  ].join("\n");
}

function method(env: RunEnvironment): string {
  return [
    "Method:",
    `- One process, no cluster. Latencies are wall time per call (\`performance.now()\`), after ${B.warmup} unmeasured warm-up calls; each query runs until ${B.budgetMs / 1000} s and ${B.minSamples} calls have passed (at most ${B.maxSamples} calls). Percentiles are nearest-rank.`,
    "- Index: a fresh SQLite file per size in a temporary directory (WAL, `synchronous = NORMAL`, as the facade opens it), filled by one `syncIncidents`. Incidents are generated from a fixed seed: 6 scenarios, 70% of diagnoses in Chinese, 12 phases, 5 severities, created over 90 days, timelines of up to 19 events with tool output. The upsert changes a different incident each call (a repeated alert).",
    "- HTTP: `buildApp` over `fakeWorld()` ports with the real index (10,000 incidents) and the fake token auth. `inject`: one request at a time. Real HTTP: the app listens on 127.0.0.1; " +
      `${env.loadTool} keeps ${env.httpClients} requests in flight for ${env.httpSeconds} s per route (after one warm-up request per client) on keep-alive connections; latency is until the body has arrived.`,
    "- SSE: `EventHub` on the system clock; events derived from fixture timelines by `eventsAfter`. Fan-out sinks accept every write (the hub's cost, not the socket's). The stalled sink refuses every write; heap is `heapUsed` after two full GCs" +
      (env.gc ? "." : " — **not available in this run (no `--expose-gc`): heap numbers include garbage**."),
  ].join("\n");
}

function indexTables(index: readonly IndexResult[]): string {
  const sync = table(
    ["incidents", "syncIncidents", "rows/s", "mean resource JSON", "database file", "WAL after sync"],
    index.map((r) => [count(r.size), `${(r.syncMs / 1000).toFixed(2)} s`, count(Math.round(r.size / (r.syncMs / 1000))), formatBytes(r.meanResourceBytes), formatBytes(r.fileBytes), formatBytes(r.walBytes)]),
  );
  const names = index[0]?.queries.map((q) => q.name) ?? [];
  const queryRows = names.map((name) => [name, ...index.map((r) => {
    const q = r.queries.find((x) => x.name === name)!;
    return `${triple(q.latency)} (${count(q.total)} match)`;
  })]);
  const queries = table(
    ["`listIncidents` p50 / p95 / p99 ms (matching rows)", ...index.map((r) => count(r.size))],
    [...queryRows, ["`upsertIncident` of one changed incident", ...index.map((r) => triple(r.upsert))]],
  );
  return `${sync}\n\n${queries}`;
}

function httpTable(http: readonly HttpResult[]): string {
  return table(
    ["route", "how", "clients", "req/s", "p50 ms", "p99 ms", "requests", "errors"],
    http.map((r) => [r.route, r.way === "inject" ? "`app.inject`" : "HTTP 127.0.0.1", String(r.concurrency), count(Math.round(r.requestsPerSecond)), formatMs(r.latency.p50), formatMs(r.latency.p99), count(r.latency.samples), r.errors === 0 ? "0" : `${r.errors} (${r.firstError ?? ""})`]),
  );
}

function sseTable(f: FanOutResult, s: StalledResult): string {
  return table(
    ["measurement", "result"],
    [
      [`publish to ${f.subscribers} subscribers, ${count(f.events)} events`, `mean ${formatMs(f.latency.mean)} ms; p50 / p95 / p99 ${triple(f.latency)} ms; max ${formatMs(f.latency.max)} ms; ${formatBytes(f.bytesPerSubscriber)} to each subscriber`],
      [`1 subscriber that never drains, ${count(s.events)} events`, s.droppedAfter === undefined ? "never dropped" : `dropped when event ${count(s.droppedAfter)} was published (bound: ${s.maxPendingEvents} pending)`],
      ["heap growth with the stalled subscriber", `${formatBytes(s.heapGrowth)} (no subscriber at all: ${formatBytes(s.baselineHeapGrowth)}, the replay buffer of the last 1,000 events)`],
    ],
  );
}

/** The Markdown that goes between the markers of docs/benchmarks.md. */
export function renderReport(env: RunEnvironment, r: BenchResults, v: readonly Verdict[]): string {
  return [
    environment(env),
    method(env),
    "### Targets",
    table(["target", "measured", "result"], v.map((x) => [x.target, x.measured, x.pass ? "PASS" : "**FAIL**"])),
    "### 1. SQLite index",
    indexTables(r.index),
    "### 2. HTTP (10,000 incidents in the index)",
    httpTable(r.http),
    "### 3. SSE fan-out",
    sseTable(r.fanOut, r.stalled),
  ].join("\n\n");
}
