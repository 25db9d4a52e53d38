/** Parameters of a capped exponential backoff. */
export interface BackoffOptions {
  /** Delay after the first failure. */
  baseMs: number;
  /** Upper bound of any delay, jitter included. */
  maxMs: number;
  /** Growth per failure; 2 when left out. */
  factor?: number;
  /** Fraction in [0, 1] by which a delay may be shortened at random; 0 when left out. */
  jitter?: number;
  /** Source of randomness in [0, 1); Math.random when left out. */
  random?: () => number;
}

/** Retry delays of the work queue: 500 ms doubling up to 5 minutes. */
export const defaultQueueBackoff: BackoffOptions = { baseMs: 500, maxMs: 5 * 60_000 };

function validate(opts: BackoffOptions, factor: number, jitter: number): void {
  if (!(opts.baseMs >= 0)) throw new RangeError(`backoff: baseMs must be >= 0, got ${opts.baseMs}`);
  if (!(opts.maxMs >= opts.baseMs)) throw new RangeError(`backoff: maxMs must be >= baseMs, got ${opts.maxMs}`);
  if (!(factor >= 1)) throw new RangeError(`backoff: factor must be >= 1, got ${factor}`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff: jitter must be in [0, 1], got ${jitter}`);
}

/** Delay in whole ms before the retry that follows `failures` earlier failures: baseMs * factor^failures, capped at maxMs. */
export function exponentialBackoff(failures: number, opts: BackoffOptions): number {
  const factor = opts.factor ?? 2;
  const jitter = opts.jitter ?? 0;
  validate(opts, factor, jitter);
  const n = Math.max(0, Math.floor(failures));
  // factor ** n overflows to Infinity for large counts; Math.min caps that, but 0 * Infinity would be NaN.
  const capped = opts.baseMs === 0 ? 0 : Math.min(opts.baseMs * factor ** n, opts.maxMs);
  // Jitter only shortens, so the cap holds and retries of many keys spread below it instead of bunching at it.
  const random = jitter > 0 ? (opts.random ?? Math.random)() : 0;
  return Math.round(capped * (1 - jitter * random));
}
