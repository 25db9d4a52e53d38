/**
 * The SQLite index on a real file: how long a full sync takes, what the
 * list and search queries of `GET /api/incidents` cost, one watch upsert,
 * and the size on disk.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SearchIndex, type IncidentQuery } from "../api/index/search-index.js";
import type { Incident } from "../lib/resources.js";
import { benchIncidents, FIXTURE_END_MS, withRepeatedAlert } from "./fixtures.js";
import { DEFAULT_BUDGET, sampleSync, type Latency, type SampleBudget } from "./stats.js";

/** A named query of the list route, as the route passes it to the index. */
export interface NamedQuery {
  name: string;
  query: IncidentQuery;
}

const DAY_MS = 86_400_000;

/** The list and search requests the UI makes. */
export const LIST_QUERIES: readonly NamedQuery[] = [
  { name: "first page, no filter", query: { page: 1, pageSize: 20 } },
  { name: "status=resolved (55% of rows)", query: { page: 1, pageSize: 20, status: "resolved" } },
  { name: "date range (7 days)", query: { page: 1, pageSize: 20, startDate: new Date(FIXTURE_END_MS - 40 * DAY_MS), endDate: new Date(FIXTURE_END_MS - 33 * DAY_MS) } },
  { name: "page 200", query: { page: 200, pageSize: 20 } },
  { name: 'search "OOMKilled" (FTS5 trigram)', query: { page: 1, pageSize: 20, search: "OOMKilled" } },
  { name: 'search "内存" (2 chars: bigram index)', query: { page: 1, pageSize: 20, search: "内存" } },
];

export interface QueryResult {
  name: string;
  /** Rows matching, as the page's `total` reports it. */
  total: number;
  latency: Latency;
}

export interface IndexResult {
  size: number;
  syncMs: number;
  /** Mean JSON length of one stored resource, in bytes. */
  meanResourceBytes: number;
  /** The database file after sync (the WAL checkpointed into it). */
  fileBytes: number;
  walBytes: number;
  queries: QueryResult[];
  upsert: Latency;
}

const fileSize = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

function meanJsonBytes(incidents: readonly Incident[]): number {
  const sample = incidents.slice(0, 500);
  return sample.reduce((sum, inc) => sum + Buffer.byteLength(JSON.stringify(inc)), 0) / (sample.length || 1);
}

/** Measures each query of LIST_QUERIES on `index`. */
export function measureQueries(index: SearchIndex, budget: SampleBudget = DEFAULT_BUDGET): QueryResult[] {
  return LIST_QUERIES.map(({ name, query }) => ({
    name,
    total: index.listIncidents(query).total,
    latency: sampleSync(() => void index.listIncidents(query), budget),
  }));
}

/** Upserts a different incident each call, one step later than before, as a watch event does. */
export function measureUpsert(index: SearchIndex, incidents: readonly Incident[], budget: SampleBudget = DEFAULT_BUDGET): Latency {
  const step = Math.max(1, Math.floor(incidents.length / 997));
  return sampleSync((i) => {
    const inc = incidents[(i * step) % incidents.length]!;
    index.upsertIncident(withRepeatedAlert(inc, FIXTURE_END_MS + i * 1000));
  }, budget);
}

/** Syncs `size` incidents into a fresh index file under `dir`, then measures the queries and an upsert; the caller closes the index. */
export function benchIndex(size: number, dir: string): { result: IndexResult; index: SearchIndex; incidents: Incident[] } {
  const incidents = benchIncidents(size);
  const path = join(dir, `index-${size}.db`);
  const index = SearchIndex.open(path);
  const t0 = performance.now();
  index.syncIncidents(incidents, new Date(FIXTURE_END_MS));
  const syncMs = performance.now() - t0;
  const walAfterSync = fileSize(`${path}-wal`);
  const queries = measureQueries(index);
  const upsert = measureUpsert(index, incidents);
  return {
    result: { size, syncMs, meanResourceBytes: meanJsonBytes(incidents), fileBytes: fileSize(path), walBytes: walAfterSync, queries, upsert },
    index,
    incidents,
  };
}
