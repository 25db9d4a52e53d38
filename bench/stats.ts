/** Latency sampling and percentiles for the benchmarks. */
import { performance } from "node:perf_hooks";

/** Percentiles of a set of samples, in milliseconds. */
export interface Latency {
  samples: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** How long to sample: at least `minSamples`, then until `budgetMs` or `maxSamples`, after `warmup` unmeasured calls. */
export interface SampleBudget {
  warmup: number;
  minSamples: number;
  maxSamples: number;
  budgetMs: number;
}

export const DEFAULT_BUDGET: SampleBudget = { warmup: 5, minSamples: 30, maxSamples: 500, budgetMs: 1500 };

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Mean and percentiles of `samples` (milliseconds). */
export function summarize(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1);
  return {
    samples: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

const enough = (b: SampleBudget, count: number, elapsedMs: number): boolean =>
  count >= b.maxSamples || (count >= b.minSamples && elapsedMs >= b.budgetMs);

/** Calls `fn` (given the call number) until the budget is spent and summarizes each call's duration. */
export function sampleSync(fn: (i: number) => void, budget: SampleBudget = DEFAULT_BUDGET): Latency {
  for (let i = 0; i < budget.warmup; i++) fn(i);
  const samples: number[] = [];
  const start = performance.now();
  while (!enough(budget, samples.length, performance.now() - start)) {
    const t0 = performance.now();
    fn(samples.length + budget.warmup);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** Like `sampleSync`, awaiting each call; also returns the wall time of the measured calls. */
export async function sampleAsync(fn: (i: number) => Promise<void>, budget: SampleBudget = DEFAULT_BUDGET): Promise<{ latency: Latency; wallMs: number }> {
  for (let i = 0; i < budget.warmup; i++) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  while (!enough(budget, samples.length, performance.now() - start)) {
    const t0 = performance.now();
    await fn(samples.length + budget.warmup);
    samples.push(performance.now() - t0);
  }
  return { latency: summarize(samples), wallMs: performance.now() - start };
}

/** Milliseconds with precision that suits their size: 0.041, 1.27, 38.2, 1204. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** Bytes as KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
