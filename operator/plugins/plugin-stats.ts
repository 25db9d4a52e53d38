/** Usage statistics of a plugin, kept in its resource's status. */
import type { PluginStatus } from "../../crds/index.js";
import { rfc3339 } from "../../lib/time.js";

export interface Execution {
  ok: boolean;
  durationSeconds: number;
  at: Date;
  error?: string;
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** Folds one execution into a plugin's status: counts, running mean duration, success rate, last use. */
export function recordExecution(status: PluginStatus = {}, run: Execution): PluginStatus {
  const usage = (status.usageCount ?? 0) + 1;
  const successes = (status.successCount ?? 0) + Number(run.ok);
  const failures = (status.failureCount ?? 0) + Number(!run.ok);
  const previousMean = status.avgDurationSeconds ?? 0;
  const mean = previousMean + (run.durationSeconds - previousMean) / usage;
  const next: PluginStatus = {
    ...status,
    usageCount: usage,
    successCount: successes,
    failureCount: failures,
    avgDurationSeconds: round(mean, 3),
    successRate: round(successes / usage, 4),
    lastUsedAt: rfc3339(run.at),
  };
  if (run.ok) delete next.lastError;
  else next.lastError = (run.error ?? "failed").slice(0, 4096);
  return next;
}
