/** The performance targets of the facade, judged against one run's numbers. */
import type { HttpResult } from "./http-bench.js";
import type { IndexResult } from "./index-bench.js";
import type { FanOutResult, StalledResult } from "./sse-bench.js";
import { formatBytes, formatMs } from "./stats.js";

/** Everything one run measured. */
export interface BenchResults {
  index: IndexResult[];
  http: HttpResult[];
  fanOut: FanOutResult;
  stalled: StalledResult;
}

export interface Verdict {
  target: string;
  measured: string;
  pass: boolean;
}

export const TARGET_INDEX_SIZE = 50_000;
const LIST_P95_MS = 50;
const HTTP_LIST_P99_MS = 100;
const PUBLISH_MEAN_MS = 1;
const STALLED_HEAP_BYTES = 5 * 1024 * 1024;

function indexVerdicts(index: readonly IndexResult[]): Verdict[] {
  const at = index.find((r) => r.size === TARGET_INDEX_SIZE);
  if (!at) return [{ target: `list/search p95 < ${LIST_P95_MS} ms at 50,000 incidents`, measured: "not measured", pass: false }];
  return at.queries.map((q) => ({
    target: `index p95 < ${LIST_P95_MS} ms at 50,000: ${q.name}`,
    measured: `${formatMs(q.latency.p95)} ms`,
    pass: q.latency.p95 < LIST_P95_MS,
  }));
}

function httpVerdict(http: readonly HttpResult[]): Verdict {
  const list = http.find((r) => r.way === "http" && r.route.includes("page=1"));
  const target = `HTTP list p99 < ${HTTP_LIST_P99_MS} ms at ${list?.concurrency ?? 10} concurrent clients`;
  if (!list) return { target, measured: "not measured", pass: false };
  return { target, measured: `${formatMs(list.latency.p99)} ms`, pass: list.errors === 0 && list.latency.p99 < HTTP_LIST_P99_MS };
}

function stalledVerdict(s: StalledResult): Verdict {
  const droppedAtBound = s.droppedAfter === s.maxPendingEvents + 1;
  const dropped = s.droppedAfter === undefined ? "never dropped" : `dropped after event ${s.droppedAfter}`;
  return {
    target: `a stalled subscriber is dropped at the bound (${s.maxPendingEvents} events) and the heap grows < ${formatBytes(STALLED_HEAP_BYTES)}`,
    measured: `${dropped}; heap +${formatBytes(s.heapGrowth)}${s.gcAvailable ? "" : " (no --expose-gc: includes garbage)"}`,
    pass: droppedAtBound && s.heapGrowth < STALLED_HEAP_BYTES,
  };
}

/** One verdict per target; a miss is reported, never raised. */
export function verdicts(r: BenchResults): Verdict[] {
  return [
    ...indexVerdicts(r.index),
    httpVerdict(r.http),
    {
      target: `SSE publish to ${r.fanOut.subscribers} subscribers < ${PUBLISH_MEAN_MS} ms mean`,
      measured: `${formatMs(r.fanOut.latency.mean)} ms`,
      pass: r.fanOut.latency.mean < PUBLISH_MEAN_MS,
    },
    stalledVerdict(r.stalled),
  ];
}
