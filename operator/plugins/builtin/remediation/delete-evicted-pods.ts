/**
 * delete_evicted_pods: removes pods the kubelet evicted. They no longer run
 * and their controllers have replaced them; they only clutter listings and
 * alerts. Bounded per call so that one call cannot delete without limit.
 */
import { CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { z } from "zod";
import { apiErrorMessage, isApiStatus } from "../../../../lib/kube/client.js";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg } from "./arg-schemas.js";
import { guarded, refString, succeeded, unchanged, type NamespacedRef } from "./outcome.js";
import { pickEvicted } from "./evicted-pods.js";
import { deleteOptions } from "./write-options.js";

const args = z.object({
  namespace: namespaceArg,
  max_pods: z.number().int().min(1).max(100).default(20).describe("Delete at most this many evicted pods"),
});

interface Deletions {
  deleted: NamespacedRef[];
  failed: { pod: string; error: string }[];
}

async function deleteEach(ctx: PluginContext, core: CoreV1Api, pods: V1Pod[]): Promise<Deletions> {
  const result: Deletions = { deleted: [], failed: [] };
  for (const pod of pods) {
    if (ctx.signal.aborted) break;
    const name = pod.metadata?.name ?? "";
    const namespace = pod.metadata?.namespace ?? "";
    try {
      await core.deleteNamespacedPod({ name, namespace, body: deleteOptions(pod.metadata?.uid) });
      result.deleted.push({ kind: "Pod", namespace, name });
    } catch (err) {
      // A pod that is already gone is what this plugin wanted anyway.
      if (!isApiStatus(err, 404)) result.failed.push({ pod: name, error: apiErrorMessage(err) });
    }
  }
  return result;
}

function report(ctx: PluginContext, namespace: string, outcome: Deletions & { left: number }): PluginResult {
  const names = outcome.deleted.map((ref) => ref.name);
  const more = outcome.left > 0 ? ` (${outcome.left} more left)` : "";
  const data = { deleted: names, failed: outcome.failed, left: outcome.left };
  const done = `deleted ${names.length} evicted pods in namespace ${namespace}${more}`;
  if (outcome.failed.length === 0) return succeeded(ctx, done, outcome.deleted, data);
  const error = outcome.failed.map((f) => `${f.pod}: ${f.error}`).join("; ");
  const summary = `${ctx.dryRun ? "dry run: " : ""}${done}; ${outcome.failed.length} could not be deleted`;
  return { ok: false, summary, error, data, changed: ctx.dryRun ? [] : outcome.deleted.map(refString) };
}

async function deleteEvicted(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const list = await core.listNamespacedPod({ namespace: a.namespace, fieldSelector: "status.phase=Failed" });
  const { picked, left } = pickEvicted(list.items, a.max_pods);
  if (picked.length === 0) return unchanged(`no evicted pods in namespace ${a.namespace}`, { deleted: [], left: 0 });
  return report(ctx, a.namespace, { ...(await deleteEach(ctx, core, picked)), left });
}

/** Deletes evicted pods in a namespace. */
export const deleteEvictedPods = defineRemediation({
  name: "delete_evicted_pods",
  description: "清理命名空间中被驱逐的 Pod",
  args,
  riskLevel: "low",
  timeoutSeconds: 60,
  run(ctx, a) {
    return guarded({ kind: "Namespace", name: a.namespace }, "list pods in", () => deleteEvicted(ctx, a));
  },
});
