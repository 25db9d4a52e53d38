/**
 * One client of the stream. It holds no queue of its own: it keeps a cursor
 * into the hub's shared ring, so a backpressured client costs a few numbers,
 * not a copy of every event it has not yet taken.
 */
import type { ReplayBuffer } from "./replay-buffer.js";

/** Where the hub writes a subscriber's frames. */
export interface SubscriberSink {
  /** Writes one frame; false means the socket is backpressured and the hub must wait for `drained`. */
  send(chunk: string): boolean;
  /** Ends the response; the client may reconnect with Last-Event-ID. */
  close(): void;
}

/** How far a backpressured subscriber may fall behind the live stream before it is dropped. */
export interface LagLimits {
  maxPendingEvents: number;
  maxPendingBytes: number;
}

/** A subscriber's position in the stream and whether its socket is accepting writes. */
export class Subscriber {
  /** Sequence of the last event handed to the sink. */
  cursor: number;
  private cursorOffset: number;
  /** Where the live stream began for this subscriber; replayed history does not count as lag. */
  private readonly liveFrom: number;
  private readonly liveFromOffset: number;
  blocked = false;
  closed = false;

  constructor(
    readonly sink: SubscriberSink,
    start: { seq: number; offset: number },
  ) {
    this.cursor = this.liveFrom = start.seq;
    this.cursorOffset = this.liveFromOffset = start.offset;
  }

  /** Writes one frame, noting backpressure. */
  write(chunk: string): void {
    if (!this.sink.send(chunk)) this.blocked = true;
  }

  /** Sends kept events after the cursor until caught up or blocked; false when the next one is no longer kept. */
  catchUp(buffer: ReplayBuffer): boolean {
    while (!this.blocked && this.cursor < buffer.newestSeq) {
      const next = buffer.get(this.cursor + 1);
      if (!next) return false;
      this.cursor = next.seq;
      this.cursorOffset = next.endOffset;
      this.write(next.chunk);
    }
    return true;
  }

  /** True when this subscriber can no longer be served: too far behind live, or its next event is gone. */
  isBeyondReach(buffer: ReplayBuffer, limits: LagLimits, publishedBytes: number): boolean {
    const pendingEvents = buffer.newestSeq - Math.max(this.cursor, this.liveFrom);
    const pendingBytes = publishedBytes - Math.max(this.cursorOffset, this.liveFromOffset);
    const lost = this.cursor < buffer.newestSeq && !buffer.get(this.cursor + 1);
    return lost || pendingEvents > limits.maxPendingEvents || pendingBytes > limits.maxPendingBytes;
  }
}
