/** Keeps API objects small before they go into a plugin result. */
import type { V1ObjectMeta } from "@kubernetes/client-node";

/** Annotations that only repeat the object (kubectl's copy of the last applied manifest). */
const DROPPED_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);
/** Longer annotation values are tooling state, not something a diagnosis reads. */
export const MAX_ANNOTATION_LENGTH = 1024;

function smallAnnotations(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).filter(([key, value]) => !DROPPED_ANNOTATIONS.has(key) && value.length <= MAX_ANNOTATION_LENGTH),
  );
}

/** A shallow copy of `obj` without managedFields and without large annotations. */
export function trimObject<T extends { metadata?: V1ObjectMeta }>(obj: T): T {
  if (!obj.metadata) return obj;
  const { managedFields: _managedFields, annotations, ...metadata } = obj.metadata;
  const trimmed: V1ObjectMeta = annotations ? { ...metadata, annotations: smallAnnotations(annotations) } : metadata;
  return { ...obj, metadata: trimmed };
}

/** The first `max` objects, trimmed. */
export function trimAll<T extends { metadata?: V1ObjectMeta }>(objects: readonly T[], max: number): T[] {
  return objects.slice(0, max).map(trimObject);
}

/** " (first N in data)" when a list was cut to `max` entries, or "". */
export function cappedNote(total: number, max: number): string {
  return total > max ? ` (first ${max} in data)` : "";
}
