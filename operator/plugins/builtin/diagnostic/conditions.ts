/** Status conditions in one line. */

/** The fields every condition type shares (Deployment, Node, HPA, Pod, ...). */
export interface AnyCondition {
  type: string;
  status: string;
  reason?: string;
}

/** "Available=False (MinimumReplicasUnavailable), Progressing=True"; "no conditions" for none. */
export function conditionDigest(conditions: readonly AnyCondition[] | undefined): string {
  if (!conditions || conditions.length === 0) return "no conditions";
  return conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}`).join(", ");
}

/** The condition of `type`, if present. */
export function conditionOf<C extends AnyCondition>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}
