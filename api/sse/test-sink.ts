/** A fake socket for hub tests: records frames, and can refuse writes to simulate backpressure. */
import type { SubscribeOptions } from "./event-hub.js";

export interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
  retry?: number;
}

/** Splits an SSE byte stream into frames (parsing only what this stream emits). */
export function parseFrames(text: string): Frame[] {
  return text
    .split("\n\n")
    .filter((block) => block !== "")
    .map((block) => {
      const frame: Frame = {};
      for (const line of block.split("\n")) {
        const [field, value = ""] = line.startsWith(":") ? ["comment", line.slice(1).trim()] : splitField(line);
        if (field === "data") frame.data = JSON.parse(value);
        else if (field === "retry") frame.retry = Number(value);
        else if (field === "id" || field === "event" || field === "comment") frame[field] = value;
      }
      return frame;
    });
}

function splitField(line: string): [string, string] {
  const colon = line.indexOf(":");
  return colon < 0 ? [line, ""] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, "")];
}

/** A sink whose `send` returns `accepting`; `frames()` parses everything sent so far. */
export class FakeSink {
  readonly chunks: string[] = [];
  accepting = true;
  closed = 0;

  options(lastEventId?: string): SubscribeOptions {
    return {
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      send: (chunk) => {
        this.chunks.push(chunk);
        return this.accepting;
      },
      close: () => {
        this.closed += 1;
      },
    };
  }

  frames(): Frame[] {
    return parseFrames(this.chunks.join(""));
  }

  /** Frames that are events (have an `event:` field). */
  events(): Frame[] {
    return this.frames().filter((f) => f.event !== undefined);
  }

  /** Ids of the events received, in order. */
  eventIds(): string[] {
    return this.events().map((f) => f.id ?? "");
  }

  heartbeats(): number {
    return this.frames().filter((f) => f.comment === "heartbeat").length;
  }
}
