import { defaultQueueBackoff, exponentialBackoff, type BackoffOptions } from "./backoff.js";
import { systemClock, type Clock, type TimerHandle } from "./clock.js";

/** What a reconcile handler returns: nothing, or a request to run the key again after a delay. */
export type ReconcileResult = { requeueAfterMs?: number } | void;

/** Reconciles one key; a thrown error or rejection makes the queue retry it with backoff. */
export type ReconcileHandler = (key: string) => Promise<ReconcileResult>;

/** How one handler call ended, as reported to `onProcessed`. */
export type ReconcileOutcome = "success" | "error" | "requeue";

/** Settings and observability hooks of a work queue; errors thrown by hooks are ignored. */
export interface WorkQueueOptions {
  /** Name of the queue, for metric labels and error messages. */
  name: string;
  /** Time source for delays; the system clock when left out. */
  clock?: Clock;
  /** Retry delays of `addRateLimited`; `defaultQueueBackoff` when left out. */
  backoff?: BackoffOptions;
  /** Retries allowed after the first failed attempt before the key is dropped; unlimited when left out. */
  maxRetries?: number;
  /** A key was newly queued (not a duplicate); feeds workqueue_adds_total. */
  onAdd?: (key: string) => void;
  /** A key was scheduled for a retry with backoff; feeds workqueue_retries_total. */
  onRetry?: (key: string) => void;
  /** The number of keys ready for a worker changed; feeds workqueue_depth. */
  onDepthChange?: (depth: number) => void;
  /** A handler call ended; feeds controller_runtime_reconcile_total and controller_runtime_reconcile_time_seconds. */
  onProcessed?: (key: string, durationSeconds: number, outcome: ReconcileOutcome) => void;
  /** A key failed more than `maxRetries` times in a row and was given up. */
  onDrop?: (key: string, err: unknown) => void;
}

type Settled = { ok: true; result: ReconcileResult } | { ok: false; error: unknown };

/**
 * A keyed work queue for reconcilers: deduplicated, FIFO, one worker per key at a time,
 * with delayed and rate-limited re-adds.
 */
export class WorkQueue {
  /** Name given in the options. */
  readonly name: string;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly ready: string[] = [];
  // Keys that must be processed (again): the ready ones, plus in-flight ones added while being processed.
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  // A key is never both here and dirty: an immediate add supersedes any later time, also a handler's requeue-after.
  private readonly delayed = new Map<string, { at: number; timer: TimerHandle }>();
  private readonly failures = new Map<string, number>();
  private readonly idleWorkers: (() => void)[] = [];
  private readonly workers: Promise<void>[] = [];
  private stopping = false;

  constructor(private readonly opts: WorkQueueOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? systemClock;
    this.backoff = opts.backoff ?? defaultQueueBackoff;
  }

  /** Number of keys ready and waiting for a worker (neither delayed nor in flight). */
  len(): number {
    return this.ready.length;
  }

  /** Failures of `key` since it last succeeded or was forgotten. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Resets the failure count of `key`, so that its next retry starts from the base delay. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Queues `key` now; a no-op if it is already waiting, and a single re-run if it is being processed. */
  add(key: string): void {
    if (this.stopping) return;
    this.cancelDelayed(key);
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    this.emit(() => this.opts.onAdd?.(key));
    if (!this.processing.has(key)) this.enqueue(key);
  }

  /** Queues `key` after `ms`; of several pending times for one key the earliest wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopping || this.dirty.has(key)) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.clock.clearTimeout(pending.timer);
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, timer });
  }

  /** Counts a failure of `key` and queues it after the backoff for its failure count. */
  addRateLimited(key: string): void {
    if (this.stopping) return;
    const failures = this.retries(key);
    this.failures.set(key, failures + 1);
    this.emit(() => this.opts.onRetry?.(key));
    this.addAfter(key, exponentialBackoff(failures, this.backoff));
  }

  /** Starts `concurrency` workers that call `handler` for each ready key. */
  run(handler: ReconcileHandler, concurrency: number): void {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`work queue ${this.name}: concurrency must be a positive integer, got ${concurrency}`);
    }
    if (this.stopping || this.workers.length > 0) {
      throw new Error(`work queue ${this.name}: run was already called or the queue is shut down`);
    }
    for (let i = 0; i < concurrency; i++) this.workers.push(this.work(handler));
  }

  /** Stops accepting keys and drops waiting ones; resolves once in-flight handlers have finished. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    this.dirty.clear();
    if (this.ready.length > 0) {
      this.ready.length = 0;
      this.emitDepth();
    }
    for (const wake of this.idleWorkers.splice(0)) wake();
    await Promise.all(this.workers);
  }

  private async work(handler: ReconcileHandler): Promise<void> {
    for (let key = await this.next(); key !== undefined; key = await this.next()) {
      await this.process(key, handler);
    }
  }

  private async next(): Promise<string | undefined> {
    while (this.ready.length === 0 && !this.stopping) {
      await new Promise<void>((resolve) => this.idleWorkers.push(resolve));
    }
    const key = this.stopping ? undefined : this.ready.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    this.emitDepth();
    return key;
  }

  private async process(key: string, handler: ReconcileHandler): Promise<void> {
    const started = this.clock.now();
    const settled = await invoke(handler, key);
    const seconds = (this.clock.now() - started) / 1000;
    this.done(key);
    const outcome = settled.ok ? this.succeeded(key, settled.result) : this.failed(key, settled.error);
    this.emit(() => this.opts.onProcessed?.(key, seconds, outcome));
  }

  private done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.stopping) this.enqueue(key);
  }

  private succeeded(key: string, result: ReconcileResult): ReconcileOutcome {
    this.forget(key);
    if (result?.requeueAfterMs === undefined) return "success";
    this.addAfter(key, result.requeueAfterMs);
    return "requeue";
  }

  private failed(key: string, error: unknown): ReconcileOutcome {
    const max = this.opts.maxRetries;
    if (max !== undefined && this.retries(key) >= max) {
      this.forget(key);
      this.emit(() => this.opts.onDrop?.(key, error));
    } else {
      this.addRateLimited(key);
    }
    return "error";
  }

  private enqueue(key: string): void {
    this.ready.push(key);
    this.emitDepth();
    this.idleWorkers.shift()?.();
  }

  private cancelDelayed(key: string): void {
    const pending = this.delayed.get(key);
    if (!pending) return;
    this.clock.clearTimeout(pending.timer);
    this.delayed.delete(key);
  }

  private emitDepth(): void {
    this.emit(() => this.opts.onDepthChange?.(this.ready.length));
  }

  private emit(call: () => void): void {
    try {
      call();
    } catch {
      // Hooks feed metrics; a broken one must not stop reconciliation or leave the queue half-updated.
    }
  }
}

async function invoke(handler: ReconcileHandler, key: string): Promise<Settled> {
  try {
    return { ok: true, result: await handler(key) };
  } catch (error) {
    return { ok: false, error };
  }
}
