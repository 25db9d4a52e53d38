import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { EventHub } from "./event-hub.js";
import { streamEvents } from "./events-route.js";
import type { SseEventInput } from "./sse-format.js";
import { parseFrames, type Frame } from "./test-sink.js";

interface Stream {
  res: IncomingMessage;
  frames(): Frame[];
  eventIds(): string[];
  /** Resolves once `done` holds for what has arrived; the test timeout bounds the wait. */
  until(done: (s: Stream) => boolean): Promise<void>;
  disconnect(): void;
}

function openStream(port: number, opts: { lastEventId?: string; query?: string } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let text = "";
    const waiters: (() => void)[] = [];
    let req: ClientRequest | undefined = undefined;
    const stream = (res: IncomingMessage): Stream => ({
      res,
      frames: () => parseFrames(text),
      eventIds: () => parseFrames(text).filter((f) => f.event).map((f) => f.id!),
      until(done) {
        return new Promise<void>((ok) => {
          const check = (): void => (done(this) ? ok() : void waiters.push(check));
          check();
        });
      },
      disconnect: () => req!.destroy(),
    });
    req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: `/api/events${opts.query ?? ""}`,
        headers: opts.lastEventId ? { "last-event-id": opts.lastEventId } : {},
      },
      (res) => {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          for (const waiter of waiters.splice(0)) waiter();
        });
        res.on("error", () => undefined);
        resolve(stream(res));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const resolvedEvent = (n: number): SseEventInput => ({ event: "incident_resolved", data: { incident_id: `INC-20240115-00${n}`, resolution: "fixed" } });

/** Lets the server see a client's disconnect; waits on the hub's state rather than on time. */
async function untilNoSubscribers(hub: EventHub): Promise<void> {
  while (hub.subscriberCount > 0) await new Promise((r) => setTimeout(r, 5));
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startServer(hub: EventHub): Promise<number> {
  app = Fastify();
  app.get("/api/events", (request, reply) => streamEvents(request, reply, hub));
  // Open streams would otherwise keep close() waiting for the clients.
  app.addHook("preClose", (done) => {
    hub.close();
    done();
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return (app.server.address() as AddressInfo).port;
}

describe("GET /api/events over a real socket", () => {
  it("replays every event missed while disconnected exactly once after a reconnect with Last-Event-ID", async () => {
    const hub = new EventHub();
    const port = await startServer(hub);

    const first = await openStream(port);
    expect(first.res.statusCode).toBe(200);
    expect(first.res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(first.res.headers["cache-control"]).toBe("no-cache");
    expect(first.res.headers["x-accel-buffering"]).toBe("no");
    await first.until((s) => s.frames().length >= 2);
    expect(first.frames().slice(0, 2)).toEqual([{ retry: 3000 }, { id: `${hub.epoch}-0` }]);

    for (let n = 1; n <= 3; n++) hub.publish(resolvedEvent(n));
    await first.until((s) => s.eventIds().length === 3);
    first.disconnect();
    await untilNoSubscribers(hub);

    const missed = [4, 5, 6, 7].map((n) => hub.publish(resolvedEvent(n)).id);
    const second = await openStream(port, { lastEventId: first.eventIds().at(-1)! });
    await second.until((s) => s.eventIds().length === 4);
    const live = hub.publish(resolvedEvent(8)).id;
    await second.until((s) => s.eventIds().length === 5);

    expect(second.eventIds()).toEqual([...missed, live]);
    const all = [...first.eventIds(), ...second.eventIds()];
    expect(all).toEqual(Array.from({ length: 8 }, (_, i) => `${hub.epoch}-${i + 1}`));
    expect(second.frames().some((f) => f.event === "replay_gap")).toBe(false);
    expect(second.frames().find((f) => f.id === missed[0])?.data).toEqual(resolvedEvent(4).data);
  });

  it("accepts ?last_event_id= from clients that cannot set headers, and ends streams on close", async () => {
    const hub = new EventHub();
    const port = await startServer(hub);
    const ids = [1, 2, 3].map((n) => hub.publish(resolvedEvent(n)).id);
    const stream = await openStream(port, { query: `?last_event_id=${encodeURIComponent(ids[0]!)}` });
    await stream.until((s) => s.eventIds().length === 2);
    expect(stream.eventIds()).toEqual(ids.slice(1));
    const ended = new Promise<void>((resolve) => stream.res.on("end", resolve));
    await app!.close();
    app = undefined;
    await ended;
    expect(hub.subscriberCount).toBe(0);
  });
});
