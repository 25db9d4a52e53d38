/** Facts for policy, counted from the incidents recorded in the cluster, so they survive restarts. */
import type { Incident } from "../../lib/resources.js";
import { writtenObjectKey, writtenObjectOf } from "../plugins/written-object.js";

const HOUR_MS = 3_600_000;
const COUNTED = new Set(["started", "succeeded", "failed", "interrupted"]);

const startedSteps = (incident: Incident): { at: number }[] =>
  (incident.status?.execution?.steps ?? [])
    .filter((s) => COUNTED.has(s.state) && s.startedAt)
    .map((s) => ({ at: Date.parse(s.startedAt!) }));

/** Remediation steps started, by any incident, within the hour before `now`. */
export function executionsInLastHour(incidents: readonly Incident[], now: Date): number {
  const since = now.getTime() - HOUR_MS;
  return incidents.flatMap(startedSteps).filter((s) => s.at > since).length;
}

/**
 * The key of the object a step writes (operator/plugins/written-object.ts). A step whose object
 * cannot be named gets one shared key, so such steps serialise and cool down against each other
 * rather than against nothing.
 */
export const UNKNOWN_OBJECT_KEY = "unknown-object";

/** The claim and cooldown key of a step: what it writes, or UNKNOWN_OBJECT_KEY when that cannot be told. */
export function stepObjectKey(step: { plugin: string; parameters?: Record<string, unknown> }): string {
  const written = writtenObjectOf(step.plugin, step.parameters ?? {});
  return written ? writtenObjectKey(written) : UNKNOWN_OBJECT_KEY;
}

/** When another incident last started a step writing one of `keys` (from the steps recorded in the cluster). */
export function lastExecutionOnObjects(incidents: readonly Incident[], self: Incident, keys: ReadonlySet<string>): Date | undefined {
  const times = incidents
    .filter((i) => i.metadata.name !== self.metadata.name)
    .flatMap((i) => i.status?.execution?.steps ?? [])
    .filter((s) => COUNTED.has(s.state) && s.startedAt && keys.has(stepObjectKey(s)))
    .map((s) => Date.parse(s.startedAt!));
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}
