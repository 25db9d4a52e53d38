/**
 * client-go's `retry.RetryOnConflict`: run a read-modify-write that re-reads
 * the object and re-derives its change on every attempt, retrying only when
 * the write lost to another writer (HTTP 409), a bounded number of times with
 * a capped backoff. Any other error, and the last 409, reach the caller.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isApiStatus } from "../kube/client.js";
import { exponentialBackoff, type BackoffOptions } from "./backoff.js";

export interface ConflictRetry {
  /** Attempts in all, the first included (client-go's Steps). */
  attempts: number;
  /** Delay before each retry. */
  backoff: BackoffOptions;
  /** Waits `ms`; injected by tests so they never sleep. */
  sleep?: (ms: number) => Promise<unknown>;
}

/** client-go's retry.DefaultRetry: 5 attempts, 10 ms growing to at most 1 s, with jitter. */
export const defaultConflictRetry: ConflictRetry = { attempts: 5, backoff: { baseMs: 10, maxMs: 1_000, jitter: 0.5 } };

/** True when `err` is a write that lost to a concurrent change (409 Conflict). */
export const isConflict = (err: unknown): boolean => isApiStatus(err, 409);

/**
 * Calls `attempt(n)` (n = 0, 1, ...) until it resolves; a 409 is retried after a backoff while
 * attempts are left, anything else is thrown at once. `attempt` must read the object afresh
 * (n > 0) and derive its change from what it read, never reuse a change computed before.
 */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>, opts: ConflictRetry = defaultConflictRetry): Promise<T> {
  const wait = opts.sleep ?? ((ms: number): Promise<unknown> => sleep(ms));
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isConflict(err) || n + 1 >= opts.attempts) throw err;
    }
    await wait(exponentialBackoff(n, opts.backoff));
  }
}
