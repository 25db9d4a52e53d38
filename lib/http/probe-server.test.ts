import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workqueueAddsTotal } from "../metrics.js";
import { startProbeServer, type ProbeServer } from "./probe-server.js";

let server: ProbeServer;
let ready = false;
const get = (path: string, method = "GET"): Promise<Response> => fetch(`http://127.0.0.1:${server.port}${path}`, { method });

beforeAll(async () => {
  server = await startProbeServer({ host: "127.0.0.1", port: 0, ready: () => ready });
});
afterAll(() => server.close());

describe("probe server", () => {
  it("/healthz answers 200", async () => {
    expect((await get("/healthz")).status).toBe(200);
  });

  it("/readyz follows the readiness callback", async () => {
    ready = false;
    expect((await get("/readyz")).status).toBe(503);
    ready = true;
    expect((await get("/readyz")).status).toBe(200);
  });

  it("/metrics serves controller-runtime names in the Prometheus text format", async () => {
    workqueueAddsTotal.inc({ name: "probe-test" });
    const res = await get("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain('workqueue_adds_total{name="probe-test"} 1');
    expect(text).toContain("# TYPE controller_runtime_reconcile_total counter");
    expect(text).toContain("process_cpu_seconds_total");
  });

  it.each([
    ["/nope", "GET", 404],
    ["/metrics", "POST", 405],
  ])("%s %s -> %i", async (path, method, status) => {
    expect((await get(path, method)).status).toBe(status);
  });
});
