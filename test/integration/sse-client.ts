/** A minimal SSE reader over node:http for tests: frames with id, event and parsed data. */
import { request, type ClientRequest, type IncomingMessage } from "node:http";

export interface SseFrame {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
}

export interface SseConnection {
  status: number;
  frames: SseFrame[];
  /** Frames that carry an event (not bare ids, retries or comments). */
  events(): SseFrame[];
  close(): void;
}

function parseFrame(block: string): SseFrame | undefined {
  const frame: SseFrame = {};
  for (const line of block.split("\n")) {
    const at = line.indexOf(":");
    if (at <= 0) continue;
    const [field, value] = [line.slice(0, at), line.slice(at + 1).trimStart()];
    if (field === "id") frame.id = value;
    if (field === "event") frame.event = value;
    if (field === "data") frame.data = JSON.parse(value) as Record<string, unknown>;
  }
  return frame.id || frame.event ? frame : undefined;
}

/** Opens `url` with a bearer token (and Last-Event-ID); resolves once the response headers arrived. */
export function openSse(url: string, token: string, lastEventId?: string): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined = undefined;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "text/event-stream" };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    req = request(url, { headers }, (res: IncomingMessage) => {
      const frames: SseFrame[] = [];
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame) frames.push(frame);
        }
      });
      res.on("error", () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        frames,
        events: () => frames.filter((f) => f.event),
        close: () => req?.destroy(),
      });
    });
    req.on("error", reject);
    req.end();
  });
}
