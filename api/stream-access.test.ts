import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { buildApp } from "./app.js";
import { EventHub } from "./sse/event-hub.js";
import { streamEvents } from "./sse/events-route.js";
import { fakeWorld } from "./testing/fake-deps.js";

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
};

describe("an open SSE stream", () => {
  it("ends once its user may no longer watch incidents, and not before", async () => {
    const w = fakeWorld();
    const hub = new EventHub();
    w.deps.events = { stream: (request, reply) => streamEvents(request, reply, hub) };
    w.deps.streamRecheckMs = 50;
    let allowed = true;
    w.tokens.set("revocable", { user: { username: "revocable", groups: [] }, allow: () => allowed });
    const app = await buildApp(w.deps);
    app.addHook("preClose", (done) => {
      hub.close();
      done();
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as { port: number };
    const chunks: string[] = [];
    const ended = new Promise<void>((resolve) => {
      get({ host: "127.0.0.1", port, path: "/api/events", headers: { authorization: "Bearer revocable" } }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (c: string) => chunks.push(c));
        res.on("end", () => resolve());
      });
    });
    await until(() => hub.subscriberCount === 1);
    hub.publish({ event: "incident_created", data: { id: "INC-20240115-001" } });
    await until(() => chunks.join("").includes("event: incident_created"));
    expect(hub.subscriberCount).toBe(1);
    allowed = false;
    await ended;
    expect(hub.subscriberCount).toBe(0);
    await app.close();
  });
});
