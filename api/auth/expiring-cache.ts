import type { Clock } from "../../lib/controller/clock.js";

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** How long a freshly loaded value may be served from the cache; 0 or less keeps it out. */
export type TtlOf<V> = (value: V) => number;

export interface ExpiringCacheOptions<V> {
  clock: Clock;
  maxEntries: number;
  ttlOf: TtlOf<V>;
}

/**
 * A bounded cache of lookups whose answers expire, sharing one in-flight load
 * among concurrent callers of the same key. Failed loads are never stored, so
 * the next caller tries again.
 */
export class ExpiringCache<V> {
  // A Map iterates in insertion order, so its first key is always the oldest entry.
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inflight = new Map<string, Promise<V>>();

  constructor(private readonly opts: ExpiringCacheOptions<V>) {
    if (!(opts.maxEntries >= 1)) throw new RangeError(`maxEntries must be >= 1, got ${opts.maxEntries}`);
  }

  /** The cached value of `key` while fresh, else the result of `load` (shared with concurrent callers). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.fresh(key);
    if (entry) return Promise.resolve(entry.value);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const started = this.loadAndStore(key, load);
    this.inflight.set(key, started);
    return started;
  }

  /** The stored value of `key` while fresh; never loads. */
  peek(key: string): V | undefined {
    return this.fresh(key)?.value;
  }

  /** Stores `value` under `key` as if it had just been loaded. */
  set(key: string, value: V): void {
    this.store(key, value);
  }

  /** Number of stored entries, fresh or not yet swept. */
  get size(): number {
    return this.entries.size;
  }

  /** Number of loads still running. */
  get pending(): number {
    return this.inflight.size;
  }

  /** Forgets every stored answer; loads in flight still complete and are stored. */
  clear(): void {
    this.entries.clear();
  }

  private async loadAndStore(key: string, load: () => Promise<V>): Promise<V> {
    try {
      const value = await load();
      this.store(key, value);
      return value;
    } finally {
      this.inflight.delete(key);
    }
  }

  private fresh(key: string): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.opts.clock.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private store(key: string, value: V): void {
    const ttl = this.opts.ttlOf(value);
    if (!(ttl > 0)) return;
    // Re-inserting moves the key to the end, so eviction order stays "oldest written first".
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.opts.clock.now() + ttl });
    this.evictOverflow();
  }

  private evictOverflow(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.opts.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
