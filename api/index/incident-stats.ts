/** Aggregates over the incident history, for the dashboard and /api/status. */
import { and, avg, count, isNull, notInArray, sql } from "drizzle-orm";
import { TERMINAL_PHASES } from "../../crds/index.js";
import type { IndexDb } from "./database.js";
import { incidents } from "./schema.js";

export interface IncidentStats {
  /** Every incident in the index, history included. */
  total: number;
  /** Live (not deleted) incidents in a non-terminal phase. */
  active: number;
  byStatus: Record<string, number>;
  bySeverity: Record<string, number>;
  /** Mean of resolved_at - created_at over incidents with a resolvedAt; null when there are none. */
  meanTimeToResolveSeconds: number | null;
}

const tally = (rows: readonly { key: string; n: number }[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key, r.n]));

/** Counts by status and severity, the active count and the mean time to resolve. */
export function incidentStats(db: IndexDb): IncidentStats {
  const [totals] = db
    .select({
      total: count(),
      // Clock skew can put resolvedAt before creation; such an incident took no time, not negative time.
      mttrMs: avg(sql`max(0, ${incidents.resolvedAt} - ${incidents.createdAt})`),
    })
    .from(incidents)
    .all();
  const [active] = db
    .select({ n: count() })
    .from(incidents)
    .where(and(isNull(incidents.deletedAt), notInArray(incidents.status, [...TERMINAL_PHASES])))
    .all();
  const byStatus = db.select({ key: incidents.status, n: count() }).from(incidents).groupBy(incidents.status).all();
  const bySeverity = db
    .select({ key: incidents.severity, n: count() })
    .from(incidents)
    .groupBy(incidents.severity)
    .all();
  const mttrMs = totals?.mttrMs == null ? null : Number(totals.mttrMs);
  return {
    total: totals?.total ?? 0,
    active: active?.n ?? 0,
    byStatus: tally(byStatus),
    bySeverity: tally(bySeverity),
    meanTimeToResolveSeconds: mttrMs === null ? null : mttrMs / 1000,
  };
}
