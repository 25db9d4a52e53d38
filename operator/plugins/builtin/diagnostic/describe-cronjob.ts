/** describe_cronjob: a CronJob's schedule and history, its Jobs (newest first), the newest Job's pods, and events. */
import { BatchV1Api, CoreV1Api, type V1CronJob, type V1CronJobSpec, type V1CronJobStatus } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { plural } from "./counts.js";
import { eventsAbout } from "./events.js";
import { jobsOf, jobState } from "./job-status.js";
import { MAX_PODS } from "./list-pods.js";
import { guarded } from "./outcome.js";
import { summarizePods } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { trimAll, trimObject } from "./trim.js";
import { podsSelectedBy } from "./workload-pods.js";

const args = z.object({ namespace: namespaceArg, cronjob_name: nameArg("CronJob") });

/** The most Jobs a result carries; the history limits keep 3 and 1 by default. */
const MAX_JOBS = 20;

/** "schedule @hourly, last scheduled 2026-…, last successful 2026-…, 1 active, suspended". */
export function cronJobLine(cj: V1CronJob): string {
  const spec: Partial<V1CronJobSpec> = cj.spec ?? {};
  const status: V1CronJobStatus = cj.status ?? {};
  const zone = spec.timeZone ? ` (${spec.timeZone})` : "";
  return [
    `schedule ${spec.schedule ?? "?"}${zone}`,
    `last scheduled ${isoOrNever(status.lastScheduleTime)}`,
    `last successful ${isoOrNever(status.lastSuccessfulTime)}`,
    `${(status.active ?? []).length} active`,
    ...(spec.suspend ? ["suspended"] : []),
  ].join(", ");
}

function isoOrNever(time: Date | undefined): string {
  return time ? time.toISOString() : "never";
}

async function describeCronJob(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const batch = ctx.kc.makeApiClient(BatchV1Api);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const cronJob = await batch.readNamespacedCronJob({ name: a.cronjob_name, namespace: a.namespace }, options);
  const jobs = jobsOf(cronJob, (await batch.listNamespacedJob({ namespace: a.namespace }, options)).items);
  const newest = jobs[0];
  const involved = [{ kind: "CronJob", name: a.cronjob_name }, ...(newest ? [{ kind: "Job", name: newest.metadata?.name ?? "" }] : [])];
  const [pods, events] = await Promise.all([
    newest ? podsSelectedBy(core, a.namespace, newest.spec?.selector, options) : [],
    eventsAbout(core, a.namespace, involved, options),
  ]);
  const states = jobs.map(jobState);
  const failedJobs = states.filter((s) => s.startsWith("Failed")).length;
  const newestLine = newest ? `newest job ${newest.metadata?.name ?? "?"} ${jobState(newest)} (${summarizePods(pods)})` : "no jobs";
  return {
    ok: true,
    summary: [
      `cronjob ${a.namespace}/${a.cronjob_name}: ${cronJobLine(cronJob)}`,
      `${plural(jobs.length, "job")} (${failedJobs} failed)`,
      newestLine,
    ].join("; "),
    data: {
      cronJob: trimObject(cronJob),
      jobs: trimAll(jobs, MAX_JOBS),
      ...(newest ? { job: trimObject(newest) } : {}),
      pods: trimAll(pods, MAX_PODS),
      events,
    },
  };
}

/** describe_cronjob */
export const describeCronJobPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_cronjob",
  description: "查看 CronJob 详情（最近的 Job 与事件）",
  args,
  run: (ctx, a) => guarded({ kind: "cronjob", name: a.cronjob_name, namespace: a.namespace }, () => describeCronJob(ctx, a)),
});
