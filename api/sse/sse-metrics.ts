/** Prometheus view of an EventHub, read when `/metrics` is scraped. */
import { Counter, Gauge, type Registry } from "prom-client";
import type { EventHub } from "./event-hub.js";

/** Registers the hub's subscriber gauge and event/drop counters in `registry`; call once per hub. */
export function registerSseMetrics(registry: Registry, hub: EventHub): void {
  new Gauge({
    name: "kubefix_sse_subscribers",
    help: "Clients connected to GET /api/events",
    registers: [registry],
    collect() {
      this.set(hub.subscriberCount);
    },
  });
  new Counter({
    name: "kubefix_sse_events_published_total",
    help: "Events published to the SSE stream",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hub.eventsPublished);
    },
  });
  new Counter({
    name: "kubefix_sse_subscribers_dropped_total",
    help: "SSE clients closed because they fell too far behind; they reconnect and replay",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hub.subscribersDroppedSlow);
    },
  });
}
