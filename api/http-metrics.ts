/** `http_request_duration_seconds{method,route,status_code}` for every request, in the shared registry. */
import type { FastifyInstance } from "fastify";
import { Histogram } from "prom-client";
import { registry } from "../lib/metrics.js";

export const httpRequestDuration = new Histogram({
  name: "http_request_duration_seconds",
  help: "Duration of HTTP requests of the REST facade in seconds",
  labelNames: ["method", "route", "status_code"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Observes each response; the route label is the route's pattern, so ids never make new series. */
export function installHttpMetrics(app: FastifyInstance): void {
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/api/events") return;
    httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
