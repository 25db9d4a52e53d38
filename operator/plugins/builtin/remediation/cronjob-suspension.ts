/**
 * suspend_cronjob and resume_cronjob: stop a CronJob from starting new Jobs
 * (running Jobs continue), and let it start them again.
 */
import { BatchV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { displayName, guarded, type NamespacedRef } from "./outcome.js";
import { toggleFlag } from "./toggle-flag.js";
import { mergePatch } from "./write-options.js";

const args = z.object({
  namespace: namespaceArg,
  cronjob_name: objectNameArg("CronJob"),
});

async function setSuspended(ctx: PluginContext, ref: NamespacedRef, suspend: boolean): Promise<PluginResult> {
  const batch = ctx.kc.makeApiClient(BatchV1Api);
  const call = { name: ref.name, namespace: ref.namespace };
  const label = `cronjob ${displayName(ref)}`;
  return toggleFlag(ctx, {
    ref,
    field: "suspend",
    desired: suspend,
    read: async () => (await batch.readNamespacedCronJob(call)).spec?.suspend === true,
    write: async (body) => {
      const cronJob = await batch.patchNamespacedCronJob({ ...call, body }, mergePatch);
      return cronJob.spec?.suspend === true;
    },
    done: `${suspend ? "suspended" : "resumed"} ${label}`,
    already: `${label} is already ${suspend ? "suspended" : "active"}`,
  });
}

function cronJobRef(a: z.output<typeof args>): NamespacedRef {
  return { kind: "CronJob", namespace: a.namespace, name: a.cronjob_name };
}

/** Stops a CronJob from scheduling new Jobs. */
export const suspendCronJob = defineRemediation({
  name: "suspend_cronjob",
  description: "暂停 CronJob 调度",
  args,
  riskLevel: "low",
  run(ctx, a) {
    const ref = cronJobRef(a);
    return guarded(ref, "suspend", () => setSuspended(ctx, ref, true));
  },
});

/** Lets a suspended CronJob schedule Jobs again. */
export const resumeCronJob = defineRemediation({
  name: "resume_cronjob",
  description: "恢复 CronJob 调度",
  args,
  riskLevel: "low",
  run(ctx, a) {
    const ref = cronJobRef(a);
    return guarded(ref, "resume", () => setSuspended(ctx, ref, false));
  },
});
