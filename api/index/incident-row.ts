/** What the index stores of one Incident: filter and sort columns, search text, the whole resource. */
import type { Incident } from "../../lib/resources.js";
import { wellFormed } from "./bigrams.js";
import type { IncidentRow } from "./schema.js";

/** Milliseconds of an RFC 3339 string or a Date, or undefined when absent or unparsable. */
export function toMillis(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const joinText = (parts: readonly (string | undefined)[]): string =>
  parts.filter((p): p is string => p !== undefined && p.length > 0).join("\n");

/** The diagnosis and proposal, weighted above the alert text when ranking. */
export function diagnosisText(inc: Incident): string {
  const d = inc.status?.diagnosis;
  return joinText([
    d?.conclusion,
    d?.rootCause,
    ...(d?.keyFindings ?? []).map((f) => f.finding),
    ...(d?.suggestedActions ?? []),
    inc.status?.proposal?.description,
  ]);
}

/** What the alert and the reporter said, and what it is about. */
export function detailsText(inc: Incident): string {
  const { spec } = inc;
  return joinText([spec.description, spec.alert.message, spec.alert.alertName, spec.target?.name]);
}

/** When the cluster created the resource; the first alert when the resource has no timestamp yet. */
export function createdAtMillis(inc: Incident): number {
  // Custom objects arrive as plain JSON (a string); typed clients give a Date.
  const created = inc.metadata.creationTimestamp as string | Date | undefined;
  return toMillis(created) ?? toMillis(inc.spec.firstSeen) ?? 0;
}

/** The latest of lastSeen, any timeline event and the phase change. */
export function updatedAtMillis(inc: Incident): number {
  const candidates = [
    inc.spec.lastSeen,
    inc.status?.phaseSince,
    ...(inc.status?.timeline ?? []).map((e) => e.timestamp),
  ]
    .map((t) => toMillis(t))
    .filter((ms): ms is number => ms !== undefined);
  return candidates.length > 0 ? Math.max(...candidates) : createdAtMillis(inc);
}

/** The row to upsert for `inc`; deletedAt is cleared because the resource is live. Search text is well-formed (bigrams.ts). */
export function incidentRow(inc: Incident): IncidentRow {
  const resolvedAt = toMillis(inc.status?.resolvedAt);
  return {
    id: inc.spec.id,
    title: wellFormed(inc.spec.title),
    status: inc.status?.phase ?? "new",
    severity: inc.spec.severity,
    category: inc.spec.category,
    createdAt: new Date(createdAtMillis(inc)),
    resolvedAt: resolvedAt === undefined ? null : new Date(resolvedAt),
    updatedAt: new Date(updatedAtMillis(inc)),
    deletedAt: null,
    fingerprint: inc.spec.fingerprint,
    targetNamespace: inc.spec.target?.namespace ?? null,
    targetName: inc.spec.target?.name ?? null,
    diagnosisText: wellFormed(diagnosisText(inc)),
    detailsText: wellFormed(detailsText(inc)),
    resource: inc,
  };
}
