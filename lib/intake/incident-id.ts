/**
 * Incident ids, `INC-YYYYMMDD-NNN`: numbered per UTC day from 001, three digits
 * at least and more past 999. The resource name is the id in lower case.
 */

// The Incident CRD's id pattern allows at most six digits.
export const MAX_SEQUENCE = 999_999;
const ID_PATTERN = /^INC-(\d{8})-(\d{3,6})$/;
const MIN_DIGITS = 3;

/** The UTC day of `date` as `YYYYMMDD`, the middle part of an id and the `kubefix.io/date` label. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "");
}

/** Formats the id of the `sequence`-th incident of `day`; throws RangeError outside 1..MAX_SEQUENCE. */
export function formatIncidentId(day: string, sequence: number): string {
  if (!/^\d{8}$/.test(day)) throw new RangeError(`incident id: day must be YYYYMMDD, got "${day}"`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`incident id: sequence must be an integer in 1..${MAX_SEQUENCE}, got ${sequence}`);
  }
  return `INC-${day}-${String(sequence).padStart(MIN_DIGITS, "0")}`;
}

/** The day and sequence of an id (upper-case id or lower-case resource name), or undefined if it is not one. */
export function parseIncidentId(idOrName: string): { day: string; sequence: number } | undefined {
  const match = ID_PATTERN.exec(idOrName.toUpperCase());
  if (match === null) return undefined;
  return { day: match[1] ?? "", sequence: Number(match[2]) };
}

/** The Incident resource name of an id. */
export function resourceNameOf(id: string): string {
  return id.toLowerCase();
}

/** The sequence to try next on `day`: one past the highest among `ids` of that day, and at least `floor`. */
export function nextSequence(day: string, ids: Iterable<string>, floor = 1): number {
  let highest = 0;
  for (const id of ids) {
    const parsed = parseIncidentId(id);
    if (parsed !== undefined && parsed.day === day) highest = Math.max(highest, parsed.sequence);
  }
  return Math.max(highest + 1, floor);
}

/** The floor for the next try on `day` after `takenName` turned out to be taken: one past it when it is of that day. */
export function floorAfter(day: string, takenName: string): number {
  const taken = parseIncidentId(takenName);
  return taken !== undefined && taken.day === day ? taken.sequence + 1 : 1;
}
