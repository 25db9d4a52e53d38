/** describe_daemonset: a DaemonSet's scheduling counts, its pods and its events. */
import { AppsV1Api, CoreV1Api, type V1DaemonSet, type V1DaemonSetStatus } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { countsLine } from "./counts.js";
import { eventsAbout } from "./events.js";
import { MAX_PODS } from "./list-pods.js";
import { guarded } from "./outcome.js";
import { summarizePods } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { trimAll, trimObject } from "./trim.js";
import { podsSelectedBy, templateImages } from "./workload-pods.js";

const args = z.object({ namespace: namespaceArg, daemonset_name: nameArg("DaemonSet") });

/** "desired 3, current 3, ready 2, updated 3, unavailable 1, misscheduled 0". */
export function daemonSetLine(ds: V1DaemonSet): string {
  const s: Partial<V1DaemonSetStatus> = ds.status ?? {};
  return countsLine([
    ["desired", s.desiredNumberScheduled],
    ["current", s.currentNumberScheduled],
    ["ready", s.numberReady],
    ["updated", s.updatedNumberScheduled],
    ["unavailable", s.numberUnavailable],
    ["misscheduled", s.numberMisscheduled],
  ]);
}

async function describeDaemonSet(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const ds = await ctx.kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDaemonSet({ name: a.daemonset_name, namespace: a.namespace }, options);
  const [pods, events] = await Promise.all([
    podsSelectedBy(core, a.namespace, ds.spec?.selector, options),
    eventsAbout(core, a.namespace, [{ kind: "DaemonSet", name: a.daemonset_name }], options),
  ]);
  const summary = [
    `daemonset ${a.namespace}/${a.daemonset_name}: ${daemonSetLine(ds)}`,
    templateImages(ds.spec?.template.spec),
    summarizePods(pods),
  ].join("; ");
  return { ok: true, summary, data: { daemonSet: trimObject(ds), pods: trimAll(pods, MAX_PODS), events } };
}

/** describe_daemonset */
export const describeDaemonSetPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_daemonset",
  description: "查看 DaemonSet 详情",
  args,
  run: (ctx, a) =>
    guarded({ kind: "daemonset", name: a.daemonset_name, namespace: a.namespace }, () => describeDaemonSet(ctx, a)),
});
