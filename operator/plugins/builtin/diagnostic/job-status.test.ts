import type { V1CronJob, V1Job, V1JobCondition } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { jobsOf, jobState } from "./job-status.js";

function job(name: string, conditions: Partial<V1JobCondition>[] = [], active = 0, ownerUid = "cj-1", created = 0): V1Job {
  return {
    metadata: {
      name,
      creationTimestamp: new Date(created),
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "backup", uid: ownerUid, controller: true }],
    },
    status: { active, conditions: conditions.map((c) => ({ type: "Complete", status: "True", ...c })) },
  };
}

describe("jobState", () => {
  it.each<[string, V1Job, string]>([
    ["a finished job", job("a", [{ type: "Complete" }]), "Complete"],
    ["a failed job", job("a", [{ type: "Failed", reason: "BackoffLimitExceeded" }]), "Failed (BackoffLimitExceeded)"],
    ["a running job", job("a", [], 1), "Running"],
    ["a suspended job", job("a", [{ type: "Suspended" }]), "Suspended"],
    ["a job with no pods yet", job("a"), "Pending"],
  ])("%s", (_name, j, state) => {
    expect(jobState(j)).toBe(state);
  });
});

describe("jobsOf", () => {
  it("keeps the cron job's own jobs, newest first", () => {
    const cronJob: V1CronJob = { metadata: { name: "backup", uid: "cj-1" } };
    const jobs = [job("old", [], 0, "cj-1", 1000), job("other", [], 0, "cj-2", 3000), job("new", [], 0, "cj-1", 2000)];
    expect(jobsOf(cronJob, jobs).map((j) => j.metadata?.name)).toEqual(["new", "old"]);
  });
});
