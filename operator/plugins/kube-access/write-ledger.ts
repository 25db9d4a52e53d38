/**
 * Every write one plugin pass sent, and what the apiserver answered. The
 * dry-run pass's accepted writes are what the write pass may send; a write
 * with no answer (or an answer that says the outcome is unknown) makes the
 * step's outcome unknown.
 */

/** One write: its key ("PATCH /apis/apps/v1/...") and the HTTP status that came back, if one did. */
export interface WriteRecord {
  key: string;
  status?: number;
}

/**
 * Statuses after which a write may or may not have been persisted: the API
 * conventions say a 500's outcome is unknown and a 504's request "might
 * have been completed"; a 502 comes from a proxy that may have forwarded it.
 */
const OUTCOME_UNKNOWN = new Set([500, 502, 504]);

/** The writes whose outcome nobody knows: never answered, or answered with an outcome-unknown status. */
export function unknownWrites(records: readonly WriteRecord[]): string[] {
  return records.filter((r) => r.status === undefined || OUTCOME_UNKNOWN.has(r.status)).map((r) => r.key);
}

/** The writes the apiserver accepted (2xx). */
export function acceptedWrites(records: readonly WriteRecord[]): Set<string> {
  return new Set(records.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300).map((r) => r.key));
}

/** The writes of one pass, in the order they were prepared. */
export class WriteLedger {
  private readonly records: WriteRecord[] = [];

  /** Notes a write about to be sent; the caller marks its answer on the returned record. */
  prepared(key: string): WriteRecord {
    const record: WriteRecord = { key };
    this.records.push(record);
    return record;
  }

  /** A copy of the records so far. */
  snapshot(): WriteRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
}
