/**
 * The operator's own small HTTP endpoint for Kubernetes probes and
 * Prometheus: /healthz (alive), /readyz (caches synced or standing by as a
 * follower), /metrics. The REST facade serves its own /metrics (issue #4).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { registry } from "../metrics.js";

export interface ProbeServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one). */
export async function startProbeServer(opts: { host: string; port: number; ready: () => boolean }): Promise<ProbeServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { Allow: "GET" }).end();
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    } else if (path === "/readyz") {
      const ready = opts.ready();
      res.writeHead(ready ? 200 : 503, { "Content-Type": "text/plain" }).end(ready ? "ok" : "not ready");
    } else if (path === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "Content-Type": registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
