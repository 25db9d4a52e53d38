/** A Job's outcome in one word, and which Jobs a CronJob owns. */
import type { V1CronJob, V1Job, V1JobStatus } from "@kubernetes/client-node";
import { conditionOf } from "./conditions.js";

/** "Complete", "Failed (BackoffLimitExceeded)", "Running", "Suspended" or "Pending". */
export function jobState(job: V1Job): string {
  const status: V1JobStatus = job.status ?? {};
  const isTrue = (type: string): boolean => conditionOf(status.conditions, type)?.status === "True";
  if (isTrue("Failed")) {
    const reason = conditionOf(status.conditions, "Failed")?.reason;
    return reason ? `Failed (${reason})` : "Failed";
  }
  if (isTrue("Complete")) return "Complete";
  if (isTrue("Suspended")) return "Suspended";
  return (status.active ?? 0) > 0 ? "Running" : "Pending";
}

/** The Jobs `cronJob` controls, newest first. */
export function jobsOf(cronJob: V1CronJob, jobs: readonly V1Job[]): V1Job[] {
  const uid = cronJob.metadata?.uid;
  const created = (j: V1Job): number => j.metadata?.creationTimestamp?.getTime() ?? 0;
  return jobs
    .filter((j) => (j.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === uid))
    .sort((a, b) => created(b) - created(a));
}
