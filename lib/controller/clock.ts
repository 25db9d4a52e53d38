/** Opaque handle of a scheduled timer; only meaningful to the clock that returned it. */
export type TimerHandle = object;

/** Time source and timer scheduler, injected so that queue timing can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
}

// Node fires a timeout longer than this after 1 ms instead; an early reconcile is harmless, an immediate one loops.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The real clock: Date.now and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(Math.max(ms, 0), MAX_TIMEOUT_MS)),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface FakeTimer {
  at: number;
  fn: () => void;
}

/** A manual clock for tests: time moves only through `advance`, which fires due timers synchronously. */
export class FakeClock implements Clock {
  private current: number;
  private readonly timers = new Map<TimerHandle, FakeTimer>();

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    this.timers.set(handle, { at: this.current + Math.max(ms, 0), fn });
    return handle;
  }

  clearTimeout(h: TimerHandle): void {
    this.timers.delete(h);
  }

  /** Moves time forward by `ms`, firing every timer due by then (also ones those timers schedule) in time order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    const end = this.current + ms;
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.timers.delete(next[0]);
      // Timers observe the time they were due at, not the end of the window.
      this.current = next[1].at;
      next[1].fn();
    }
    this.current = end;
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.size;
  }

  private nextDue(end: number): [TimerHandle, FakeTimer] | undefined {
    let best: [TimerHandle, FakeTimer] | undefined;
    for (const entry of this.timers) {
      const t = entry[1];
      // Strictly earlier only: Map iterates in insertion order, so equal due times fire in scheduling order, as in Node.
      if (t.at <= end && (!best || t.at < best[1].at)) best = entry;
    }
    return best;
  }
}
