/** Facts for policy, counted from the incidents recorded in the cluster, so they survive restarts. */
import type { Incident } from "../../lib/resources.js";

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

const targetKey = (i: Incident): string | undefined => {
  const t = i.spec.target;
  return t ? `${t.kind}/${t.namespace ?? ""}/${t.name}` : undefined;
};

/** When another incident last changed the same target, if ever. */
export function lastExecutionOnTarget(incidents: readonly Incident[], self: Incident): Date | undefined {
  const key = targetKey(self);
  if (!key) return undefined;
  const times = incidents
    .filter((i) => i.metadata.name !== self.metadata.name && targetKey(i) === key)
    .flatMap(startedSteps)
    .map((s) => s.at);
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}
