/** describe_statefulset: a StatefulSet's status and revisions, its pods, its claims and its events. */
import {
  AppsV1Api,
  CoreV1Api,
  type V1PersistentVolumeClaim,
  type V1StatefulSet,
  type V1StatefulSetStatus,
} from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { conditionDigest } from "./conditions.js";
import { countsLine } from "./counts.js";
import { eventsAbout } from "./events.js";
import { MAX_PODS } from "./list-pods.js";
import { guarded } from "./outcome.js";
import { summarizePods } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { trimAll, trimObject } from "./trim.js";
import { podsSelectedBy, templateImages } from "./workload-pods.js";

const args = z.object({ namespace: namespaceArg, statefulset_name: nameArg("StatefulSet") });

/** "2/3 ready, current 3, updated 2; rolling from web-6d5 to web-7f8". */
export function statefulSetLine(sts: V1StatefulSet): string {
  const s: Partial<V1StatefulSetStatus> = sts.status ?? {};
  const desired = sts.spec?.replicas ?? 1;
  const others = countsLine([
    ["current", s.currentReplicas],
    ["updated", s.updatedReplicas],
  ]);
  const counts = `${s.readyReplicas ?? 0}/${desired} ready, ${others}`;
  const rolling = s.updateRevision && s.currentRevision !== s.updateRevision;
  return rolling ? `${counts}; rolling from ${s.currentRevision ?? "?"} to ${s.updateRevision}` : counts;
}

/** Claims made from the volume claim templates: "<template>-<statefulset>-<ordinal>". */
export function isClaimOf(pvc: V1PersistentVolumeClaim, sts: V1StatefulSet): boolean {
  const name = pvc.metadata?.name ?? "";
  return (sts.spec?.volumeClaimTemplates ?? []).some((t) => {
    const prefix = `${t.metadata?.name ?? ""}-${sts.metadata?.name ?? ""}-`;
    return name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length));
  });
}

async function describeStatefulSet(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const sts = await ctx.kc
    .makeApiClient(AppsV1Api)
    .readNamespacedStatefulSet({ name: a.statefulset_name, namespace: a.namespace }, options);
  const hasClaims = (sts.spec?.volumeClaimTemplates ?? []).length > 0;
  const [pods, claims, events] = await Promise.all([
    podsSelectedBy(core, a.namespace, sts.spec?.selector, options),
    hasClaims ? core.listNamespacedPersistentVolumeClaim({ namespace: a.namespace }, options).then((l) => l.items) : [],
    eventsAbout(core, a.namespace, [{ kind: "StatefulSet", name: a.statefulset_name }], options),
  ]);
  const pvcs = claims.filter((c) => isClaimOf(c, sts));
  const summary = [
    `statefulset ${a.namespace}/${a.statefulset_name}: ${statefulSetLine(sts)}`,
    templateImages(sts.spec?.template.spec),
    summarizePods(pods),
    ...(hasClaims ? [`${pvcs.length} claims (${pvcs.filter((c) => c.status?.phase !== "Bound").length} not bound)`] : []),
    ...(sts.status?.conditions?.length ? [conditionDigest(sts.status.conditions)] : []),
  ].join("; ");
  return {
    ok: true,
    summary,
    data: { statefulSet: trimObject(sts), pods: trimAll(pods, MAX_PODS), pvcs: trimAll(pvcs, MAX_PODS), events },
  };
}

/** describe_statefulset */
export const describeStatefulSetPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_statefulset",
  description: "查看 StatefulSet 详情",
  args,
  run: (ctx, a) =>
    guarded({ kind: "statefulset", name: a.statefulset_name, namespace: a.namespace }, () => describeStatefulSet(ctx, a)),
});
