/** `GET /api/events`: hands the raw response to the hub as an SSE stream. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { EventHub } from "./event-hub.js";
import { retryChunk } from "./sse-format.js";

/** How long EventSource waits before reconnecting. */
const RETRY_MS = 3000;
/** How long an ended stream may take to flush before its socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
  // nginx (and ingress-nginx) would otherwise buffer the stream.
  "x-accel-buffering": "no",
} as const;

/** The client's last seen id: the Last-Event-ID header, or `?last_event_id=` for clients that cannot set headers. */
export function lastEventIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers["last-event-id"];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) return fromHeader;
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.last_event_id;
  return typeof fromQuery === "string" && fromQuery !== "" ? fromQuery : undefined;
}

/** Streams `hub` to this client until it disconnects or the hub closes it. */
export function streamEvents(request: FastifyRequest, reply: FastifyReply, hub: EventHub): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, SSE_HEADERS);
  raw.write(retryChunk(RETRY_MS));
  request.raw.socket.setNoDelay(true);
  const gone = (): boolean => raw.destroyed || raw.writableEnded;
  const subscription = hub.subscribe({
    lastEventId: lastEventIdOf(request),
    // After the socket has gone, a write would only raise an error event; 'close' unsubscribes right after.
    send: (chunk) => (gone() ? false : raw.write(chunk)),
    close: () => {
      if (gone()) return;
      raw.end();
      // A client that stopped reading never takes the rest of the buffer: free the socket after a grace period.
      setTimeout(() => raw.destroy(), CLOSE_GRACE_MS).unref();
    },
  });
  raw.on("drain", () => subscription.drained());
  raw.on("close", () => subscription.unsubscribe());
  raw.on("error", () => subscription.unsubscribe());
  // A client that left before the listeners were attached fires no 'close' for them.
  if (request.raw.socket.destroyed) subscription.unsubscribe();
}
