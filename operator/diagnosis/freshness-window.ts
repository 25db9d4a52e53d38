/** The freshness window of one diagnosis: evidence older than `minutes` before the alert is stale. */

/** The window a diagnosis judges evidence by. */
export interface FreshnessWindow {
  /** When the alert came in, never later than `now`. */
  reference: Date;
  minutes: number;
  now: Date;
}

/** The window an SRE expects when none is configured: half an hour before the alert. */
export const DEFAULT_FRESHNESS_MINUTES = 30;

/** The window of a diagnosis at `now` of an alert seen at `alertAt` (now when unknown or later). */
export function freshnessWindow(now: Date, alertAt: Date | undefined, minutes = DEFAULT_FRESHNESS_MINUTES): FreshnessWindow {
  const at = alertAt?.getTime();
  const reference = at === undefined || Number.isNaN(at) || at > now.getTime() ? now : new Date(at);
  return { reference, minutes, now };
}

/** The first millisecond that still counts as fresh. */
export const windowStart = (w: FreshnessWindow): number => w.reference.getTime() - w.minutes * 60_000;
