/**
 * restart_pod: deletes a pod so that its controller creates a fresh one.
 * A pod nobody owns would simply be gone, so that needs `force`.
 */
import { CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { guarded, refused, succeeded, type ObjectRef } from "./outcome.js";
import { deleteOptions } from "./write-options.js";

const args = z.object({
  namespace: namespaceArg,
  pod_name: objectNameArg("Pod"),
  force: z
    .boolean()
    .default(false)
    .describe("Delete the pod even if no controller owns it; it will then not come back"),
});

/** "ReplicaSet/web-7d9f" for the pod's controlling owner, if it has one. */
export function controllerOf(pod: V1Pod): string | undefined {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
  return owner ? `${owner.kind}/${owner.name}` : undefined;
}

async function restart(ctx: PluginContext, a: z.output<typeof args>, ref: ObjectRef): Promise<PluginResult> {
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name: a.pod_name, namespace: a.namespace });
  const owner = controllerOf(pod);
  if (!owner && !a.force) {
    return refused(
      `pod ${a.namespace}/${a.pod_name} has no controller, so nothing would recreate it; pass force: true to delete it anyway`,
    );
  }
  const uid = pod.metadata?.uid;
  await core.deleteNamespacedPod({ name: a.pod_name, namespace: a.namespace, body: deleteOptions(uid) });
  const how = owner ? `; ${owner} will recreate it` : " (no controller: it will not be recreated)";
  return succeeded(ctx, `deleted pod ${a.namespace}/${a.pod_name}${how}`, [ref], { uid, owner: owner ?? null });
}

/** Restarts a pod by deleting it. */
export const restartPod = defineRemediation({
  name: "restart_pod",
  description: "重启 Pod（删除后由控制器重建）",
  args,
  riskLevel: "low",
  run(ctx, a) {
    const ref: ObjectRef = { kind: "Pod", namespace: a.namespace, name: a.pod_name };
    return guarded(ref, "delete", () => restart(ctx, a, ref));
  },
});
