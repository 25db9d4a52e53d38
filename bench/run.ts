/**
 * `make bench`: measures the REST facade in-process (SQLite index, HTTP app,
 * SSE hub), prints the tables and writes them into docs/benchmarks.md.
 * Missed targets are reported as FAIL; the process still exits 0, because
 * numbers from a shared, noisy machine are evidence, not a gate.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { SearchIndex } from "../api/index/search-index.js";
import type { Incident } from "../lib/resources.js";
import { writeReport } from "./doc-file.js";
import { benchHttp, LOAD_TOOL, type HttpResult } from "./http-bench.js";
import { benchIndex, type IndexResult } from "./index-bench.js";
import { renderReport, type RunEnvironment } from "./report.js";
import { benchFanOut, benchStalled, realEvents } from "./sse-bench.js";
import { verdicts, type BenchResults } from "./targets.js";
import { rfc3339 } from "../lib/time.js";

const SIZES = [1_000, 10_000, 50_000];
const HTTP_SIZE = 10_000;
const HTTP_CLIENTS = 10;
const HTTP_SECONDS = 4;
const SSE_EVENTS = 10_000;
const SSE_SUBSCRIBERS = 100;
const DOC = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));

const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (db.prepare("select sqlite_version() as v").get() as { v: string }).v;
  } finally {
    db.close();
  }
}

/** Every index size; the one the HTTP section uses stays open. */
function runIndex(dir: string): { results: IndexResult[]; kept: { index: SearchIndex; incidents: Incident[] } } {
  const results: IndexResult[] = [];
  let kept: { index: SearchIndex; incidents: Incident[] } | undefined;
  for (const size of SIZES) {
    progress(`index: ${size.toLocaleString("en-US")} incidents`);
    const { result, index, incidents } = benchIndex(size, dir);
    results.push(result);
    if (size === HTTP_SIZE) kept = { index, incidents };
    else index.close();
  }
  if (!kept) throw new Error(`SIZES must include ${HTTP_SIZE}, the index the HTTP section serves`);
  return { results, kept };
}

async function runHttp(kept: { index: SearchIndex; incidents: Incident[] }): Promise<HttpResult[]> {
  progress(`http: inject, then ${HTTP_CLIENTS} clients over 127.0.0.1`);
  try {
    return await benchHttp({ ...kept, concurrency: HTTP_CLIENTS, durationMs: HTTP_SECONDS * 1000 });
  } finally {
    kept.index.close();
  }
}

async function measureAll(dir: string): Promise<BenchResults> {
  const { results: index, kept } = runIndex(dir);
  const http = await runHttp(kept);
  progress(`sse: ${SSE_EVENTS.toLocaleString("en-US")} events`);
  const events = realEvents(SSE_EVENTS);
  return { index, http, fanOut: benchFanOut(events, SSE_SUBSCRIBERS), stalled: benchStalled(events) };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), "kubefix-bench-"));
  let results: BenchResults;
  try {
    results = await measureAll(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const env: RunEnvironment = {
    date: rfc3339(new Date()),
    node: process.version,
    sqlite: sqliteVersion(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    loadBefore,
    loadAfter: loadavg(),
    totalSeconds: (performance.now() - started) / 1000,
    gc: typeof global.gc === "function",
    loadTool: LOAD_TOOL,
    httpClients: HTTP_CLIENTS,
    httpSeconds: HTTP_SECONDS,
  };
  const checks = verdicts(results);
  const report = renderReport(env, results, checks);
  writeReport(DOC, report);
  process.stdout.write(`${report}\n\n`);
  for (const c of checks) process.stdout.write(`${c.pass ? "PASS" : "FAIL"}  ${c.target}: ${c.measured}\n`);
  process.stdout.write(`\nwritten to ${DOC}\n`);
}

await main();
