import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/controller/clock.js";
import { EventHub } from "./event-hub.js";
import { registerSseMetrics } from "./sse-metrics.js";
import { FakeSink } from "./test-sink.js";

describe("registerSseMetrics", () => {
  it("reports the hub's subscribers, published events and slow drops when scraped", async () => {
    const registry = new Registry();
    const hub = new EventHub({ clock: new FakeClock(), maxPendingEvents: 1 });
    registerSseMetrics(registry, hub);
    const slow = new FakeSink();
    slow.accepting = false;
    hub.subscribe(new FakeSink().options());
    hub.subscribe(slow.options());
    for (let n = 0; n < 3; n++) hub.publish({ event: "incident_resolved", data: { incident_id: `INC-20240115-00${n}` } });
    const text = await registry.metrics();
    expect(text).toMatch(/^kubefix_sse_subscribers 1$/m);
    expect(text).toMatch(/^kubefix_sse_events_published_total 3$/m);
    expect(text).toMatch(/^kubefix_sse_subscribers_dropped_total 1$/m);
  });
});
