/**
 * A load generator in a child process: `concurrency` clients, each sending
 * its next request as soon as the last response body has arrived, for
 * `durationMs`. In a process of its own it does not compete with the server
 * for its event loop (it still competes for the CPU). A process, not a
 * worker thread: Node 20 does not apply tsx's loader to workers.
 */
import { performance } from "node:perf_hooks";

/** What the main thread asks for. */
export interface LoadRequest {
  url: string;
  token: string;
  concurrency: number;
  durationMs: number;
}

/** What the child reports: one latency per completed request, in milliseconds. */
export interface LoadReport {
  latencies: number[];
  errors: number;
  /** Responses other than 200, counted as errors too. */
  firstError?: string;
  wallMs: number;
}

async function request(req: LoadRequest): Promise<string | undefined> {
  const res = await fetch(req.url, { headers: { authorization: `Bearer ${req.token}` } });
  await res.arrayBuffer();
  return res.status === 200 ? undefined : `HTTP ${res.status}`;
}

async function client(req: LoadRequest, deadline: number, report: LoadReport): Promise<void> {
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const error = await request(req).catch((err: unknown) => String(err));
    if (error === undefined) report.latencies.push(performance.now() - t0);
    else {
      report.errors += 1;
      report.firstError ??= error;
    }
  }
}

/** Warms the connections, then runs the clients until the deadline. */
export async function runLoad(req: LoadRequest): Promise<LoadReport> {
  await Promise.all(Array.from({ length: req.concurrency }, () => request(req)));
  const report: LoadReport = { latencies: [], errors: 0, wallMs: 0 };
  const start = performance.now();
  await Promise.all(Array.from({ length: req.concurrency }, () => client(req, start + req.durationMs, report)));
  report.wallMs = performance.now() - start;
  return report;
}

// Run as a child of http-bench.ts: the request is the first argument, the report goes back over IPC.
if (process.send !== undefined && process.argv[2] !== undefined) {
  const send = process.send.bind(process);
  const req = JSON.parse(process.argv[2]) as LoadRequest;
  runLoad(req)
    .catch((err: unknown): LoadReport => ({ latencies: [], errors: 1, firstError: String(err), wallMs: 0 }))
    .then((report) => send(report, () => process.exit(0)))
    .catch(() => process.exit(1));
}
