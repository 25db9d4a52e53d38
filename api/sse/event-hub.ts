/**
 * The fan-out behind `GET /api/events`: gives each event an id, keeps the
 * recent ones for replay after a reconnect, and writes to every subscriber
 * without ever waiting for a slow one.
 */
import { systemClock, type Clock } from "../../lib/controller/clock.js";
import { componentLogger } from "../../lib/logger.js";
import { formatEventId, newEpoch, parseEventId } from "./event-id.js";
import { RepeatingTimer } from "./repeating-timer.js";
import { ReplayBuffer } from "./replay-buffer.js";
import { cursorChunk, formatEvent, HEARTBEAT_CHUNK, replayGap, type SseEvent, type SseEventInput } from "./sse-format.js";
import { Subscriber, type LagLimits, type SubscriberSink } from "./subscriber.js";

const log = componentLogger("sse");

export interface EventHubOptions {
  clock?: Clock;
  /** Most events kept for replay (default 1000). */
  capacity?: number;
  /** Events older than this are not replayed (default 15 minutes). */
  replayWindowMs?: number;
  /** Interval of the heartbeat comment (default 15 s). */
  heartbeatMs?: number;
  /** A backpressured subscriber further behind than this many events is dropped (default 256). */
  maxPendingEvents?: number;
  /** … or than this many bytes (default 1 MiB). */
  maxPendingBytes?: number;
  /** Fixed epoch, for tests; by default a fresh one per hub. */
  epoch?: string;
}

export interface SubscribeOptions extends SubscriberSink {
  /** The Last-Event-ID the client sent, if any. */
  lastEventId?: string;
}

/** A subscriber's handle: the route reports socket drain and close through it. */
export interface Subscription {
  /** The socket drained after `send` returned false; the hub resumes writing. */
  drained(): void;
  /** The client went away; no more writes. Idempotent. */
  unsubscribe(): void;
}

/** Fans events out to SSE subscribers, with replay after reconnects and heartbeats. */
export class EventHub {
  readonly epoch: string;
  private readonly clock: Clock;
  private readonly buffer: ReplayBuffer;
  private readonly replayWindowMs: number;
  private readonly heartbeat: RepeatingTimer;
  private readonly limits: LagLimits;
  private readonly subscribers = new Set<Subscriber>();
  private publishedBytes = 0;
  private published = 0;
  private droppedSlow = 0;
  private closed = false;

  constructor(opts: EventHubOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.epoch = opts.epoch ?? newEpoch(this.clock.now());
    this.buffer = new ReplayBuffer(opts.capacity ?? 1000);
    this.replayWindowMs = opts.replayWindowMs ?? 15 * 60_000;
    this.heartbeat = new RepeatingTimer(this.clock, opts.heartbeatMs ?? 15_000, () => this.beat());
    this.limits = { maxPendingEvents: opts.maxPendingEvents ?? 256, maxPendingBytes: opts.maxPendingBytes ?? 1024 * 1024 };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Events published since start. */
  get eventsPublished(): number {
    return this.published;
  }

  /** Subscribers closed because they fell too far behind. */
  get subscribersDroppedSlow(): number {
    return this.droppedSlow;
  }

  /** Id of the newest event (`<epoch>-0` before the first). */
  get newestId(): string {
    return formatEventId(this.epoch, this.buffer.newestSeq);
  }

  /** Gives `input` the next id, keeps it for replay and writes it to every subscriber that is keeping up. */
  publish(input: SseEventInput): SseEvent {
    const seq = this.buffer.newestSeq + 1;
    const event: SseEvent = { id: formatEventId(this.epoch, seq), ...input };
    const chunk = formatEvent(event);
    this.publishedBytes += Buffer.byteLength(chunk);
    this.buffer.push({ seq, id: event.id, chunk, at: this.clock.now(), endOffset: this.publishedBytes });
    this.published += 1;
    this.expire();
    for (const sub of [...this.subscribers]) {
      if (!sub.blocked) this.deliver(sub);
      else if (sub.isBeyondReach(this.buffer, this.limits, this.publishedBytes)) this.dropSlow(sub);
    }
    return event;
  }

  /**
   * Adds a subscriber. Without `lastEventId` it gets live events only (and a
   * bare `id:` frame naming the current position). With a `lastEventId` of
   * this hub whose successors are all still kept, it first gets every later
   * event once, in order. Any other `lastEventId` (another replica, an earlier
   * run, or too old) gets a `replay_gap` event, then live events.
   */
  subscribe(opts: SubscribeOptions): Subscription {
    if (this.closed) {
      opts.close();
      return { drained: () => undefined, unsubscribe: () => undefined };
    }
    this.expire();
    const sub = new Subscriber(opts, { seq: this.buffer.newestSeq, offset: this.publishedBytes });
    this.subscribers.add(sub);
    this.start(sub, opts.lastEventId);
    if (!sub.closed) this.heartbeat.start();
    return {
      drained: () => {
        if (sub.closed) return;
        sub.blocked = false;
        this.deliver(sub);
      },
      unsubscribe: () => this.remove(sub),
    };
  }

  /** Ends every subscriber and stops the heartbeat; later subscribers are closed at once. */
  close(): void {
    this.closed = true;
    for (const sub of [...this.subscribers]) {
      this.remove(sub);
      sub.sink.close();
    }
  }

  private start(sub: Subscriber, lastEventId: string | undefined): void {
    if (!lastEventId) return sub.write(cursorChunk(this.newestId));
    const last = parseEventId(lastEventId);
    if (last && last.epoch === this.epoch && this.buffer.canResumeAfter(last.seq)) {
      sub.cursor = last.seq;
      return this.deliver(sub);
    }
    const oldest = this.buffer.get(this.buffer.oldestSeq)?.id ?? null;
    sub.write(formatEvent(replayGap({ id: this.newestId, lastEventId, oldest })));
  }

  private deliver(sub: Subscriber): void {
    if (!sub.catchUp(this.buffer)) this.dropSlow(sub);
  }

  /** Forgets events past the replay window, and subscribers still waiting for one of them. */
  private expire(): void {
    this.buffer.dropOlderThan(this.clock.now() - this.replayWindowMs);
    for (const sub of this.subscribers) {
      if (sub.blocked && sub.isBeyondReach(this.buffer, this.limits, this.publishedBytes)) this.dropSlow(sub);
    }
  }

  private dropSlow(sub: Subscriber): void {
    this.droppedSlow += 1;
    log.info({ behind: this.buffer.newestSeq - sub.cursor }, "closing a slow SSE subscriber; it may reconnect and replay");
    this.remove(sub);
    sub.sink.close();
  }

  private remove(sub: Subscriber): void {
    if (sub.closed) return;
    sub.closed = true;
    this.subscribers.delete(sub);
    if (this.subscribers.size === 0) this.heartbeat.stop();
  }

  private beat(): void {
    this.expire();
    // A blocked socket is not idle, and a queued heartbeat would only add to its backlog.
    for (const sub of this.subscribers) if (!sub.blocked) sub.write(HEARTBEAT_CHUNK);
  }
}
