/**
 * The hub's memory of recent events: a fixed-size ring indexed by sequence,
 * so that replay after a reconnect and the cursors of slow subscribers are
 * served from one shared copy of each event.
 */

/** One published event, ready to write. */
export interface BufferedEvent {
  seq: number;
  id: string;
  chunk: string;
  /** When it was published, on the hub's clock. */
  at: number;
  /** Bytes published up to and including this event, for measuring how far behind a subscriber is. */
  endOffset: number;
}

/** A ring of the last `capacity` events, addressed by their sequence number. */
export class ReplayBuffer {
  private readonly slots: (BufferedEvent | undefined)[];
  private oldest = 1;
  private newest = 0;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`ReplayBuffer: capacity must be >= 1, got ${capacity}`);
    this.slots = new Array<BufferedEvent | undefined>(capacity);
  }

  /** Sequence of the oldest kept event; newestSeq + 1 when empty. */
  get oldestSeq(): number {
    return this.oldest;
  }

  /** Sequence of the last event ever pushed (kept or not); 0 before the first. */
  get newestSeq(): number {
    return this.newest;
  }

  get size(): number {
    return this.newest - this.oldest + 1;
  }

  /** Appends the next event (its seq must follow the newest), evicting the oldest when full. */
  push(event: BufferedEvent): void {
    if (event.seq !== this.newest + 1) throw new RangeError(`ReplayBuffer: expected seq ${this.newest + 1}, got ${event.seq}`);
    if (this.size === this.capacity) this.evictOldest();
    this.slots[event.seq % this.capacity] = event;
    this.newest = event.seq;
  }

  /** The event with sequence `seq`, if it is still kept. */
  get(seq: number): BufferedEvent | undefined {
    return seq >= this.oldest && seq <= this.newest ? this.slots[seq % this.capacity] : undefined;
  }

  /** Drops every event published before `cutoff`. */
  dropOlderThan(cutoff: number): void {
    while (this.size > 0 && this.slots[this.oldest % this.capacity]!.at < cutoff) this.evictOldest();
  }

  /** True when the events after `seq` are all still kept, so a client that saw `seq` can be brought up to date. */
  canResumeAfter(seq: number): boolean {
    return seq >= this.oldest - 1 && seq <= this.newest;
  }

  private evictOldest(): void {
    this.slots[this.oldest % this.capacity] = undefined;
    this.oldest += 1;
  }
}
