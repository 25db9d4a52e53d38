/** Writes of the incident history: upserts from the watch, deletion marks, resync. */
import { and, eq, isNull } from "drizzle-orm";
import type { Incident } from "../../lib/resources.js";
import type { BigramTriggers } from "./bigram-triggers.js";
import type { IndexDb } from "./database.js";
import { incidentRow } from "./incident-row.js";
import { incidents } from "./schema.js";
import { prepareUpsert, type UpsertRow } from "./upsert.js";

/** Prepared writes of the incidents table. */
export class IncidentWrites {
  private readonly upsertRow: UpsertRow<typeof incidents>;

  constructor(
    private readonly db: IndexDb,
    private readonly bigrams: BigramTriggers,
  ) {
    this.upsertRow = prepareUpsert(db, incidents);
  }

  /** Stores the live resource; a row marked deleted becomes live again. */
  upsert(inc: Incident): void {
    this.upsertRow(incidentRow(inc));
  }

  /** Keeps the row as history and records when the resource went away; the first mark wins. */
  markDeleted(id: string, at: Date): void {
    this.db
      .update(incidents)
      .set({ deletedAt: at })
      .where(and(eq(incidents.id, id), isNull(incidents.deletedAt)))
      .run();
  }

  /** Makes the index agree with a full list of the live incidents, in one transaction. */
  sync(live: readonly Incident[], now: Date): void {
    // One transaction: thousands of rows commit at once, and readers never see a half-synced index.
    this.db.transaction((tx) => {
      const liveIds = new Set(live.map((inc) => inc.spec.id));
      const known = tx.select({ id: incidents.id }).from(incidents).where(isNull(incidents.deletedAt)).all();
      // Oldest first (INC-YYYYMMDD-NNN ids sort by time): new rows get row numbers in creation
      // order, which searches use to put the newer of two equally relevant incidents first.
      const ordered = [...live].sort((a, b) => a.spec.id.localeCompare(b.spec.id));
      this.bigrams.bulk("incidents", () => {
        for (const inc of ordered) this.upsert(inc);
      });
      for (const { id } of known) {
        if (!liveIds.has(id)) this.markDeleted(id, now);
      }
    });
  }
}
