/**
 * rollback_deployment: `kubectl rollout undo` — puts a former revision's pod
 * template back into the Deployment, which rolls it out as a new revision.
 */
import { AppsV1Api, type V1Deployment } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { deploymentRef } from "./deployment-ref.js";
import { guarded, refused, succeeded, unchanged, type NamespacedRef } from "./outcome.js";
import {
  chooseRevision,
  historyOf,
  imagesOf,
  revisionOf,
  rollbackAnnotations,
  rollbackPatch,
  rollbackTemplate,
  sameTemplate,
  type Revision,
} from "./rollback-history.js";
import { jsonPatch } from "./write-options.js";

const args = z.object({
  namespace: namespaceArg,
  deployment_name: objectNameArg("Deployment"),
  to_revision: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Revision to roll back to; the previous revision when omitted"),
});

/** "app=web,tier=front": the label selector that narrows the ReplicaSet list to the Deployment's. */
function matchLabelsSelector(deployment: V1Deployment): string | undefined {
  const labels = Object.entries(deployment.spec?.selector?.matchLabels ?? {});
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(",") : undefined;
}

async function loadHistory(apps: AppsV1Api, deployment: V1Deployment, namespace: string): Promise<Revision[]> {
  const list = await apps.listNamespacedReplicaSet({ namespace, labelSelector: matchLabelsSelector(deployment) });
  return historyOf(list.items, deployment.metadata?.uid ?? "");
}

/** Writes the chosen revision's template back into the Deployment, unless it already runs it. */
async function restore(ctx: PluginContext, deployment: V1Deployment, chosen: Revision, ref: NamespacedRef): Promise<PluginResult> {
  const { revision, replicaSet } = chosen;
  const label = `deployment ${ref.namespace}/${ref.name}`;
  const fromRevision = revisionOf(deployment.metadata) ?? null;
  const current = deployment.spec?.template;
  const data = { fromRevision, toRevision: revision, previousImages: imagesOf(current) };
  if (sameTemplate(replicaSet.spec?.template, current)) {
    return unchanged(`${label} already runs the template of revision ${revision}`, data);
  }
  const template = rollbackTemplate(replicaSet.spec?.template);
  const annotations = rollbackAnnotations(deployment.metadata?.annotations, replicaSet.metadata?.annotations);
  const body = rollbackPatch(template, annotations);
  await ctx.kc.makeApiClient(AppsV1Api).patchNamespacedDeployment(
    { name: ref.name, namespace: ref.namespace, body },
    jsonPatch,
  );
  const restoredImages = imagesOf(template);
  const summary = `rolled back ${label} from revision ${fromRevision ?? "?"} to revision ${revision} (${restoredImages})`;
  return succeeded(ctx, summary, [ref], { ...data, restoredImages });
}

async function rollback(ctx: PluginContext, a: z.output<typeof args>, ref: NamespacedRef): Promise<PluginResult> {
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace });
  const label = `deployment ${a.namespace}/${a.deployment_name}`;
  // As kubectl does: a paused Deployment would not roll the restored template out.
  if (deployment.spec?.paused) return refused(`${label} is paused; resume its rollout before rolling back`);
  const choice = chooseRevision(await loadHistory(apps, deployment, a.namespace), a.to_revision);
  if (choice.error !== undefined) return refused(`cannot roll back ${label}: ${choice.error}`);
  return restore(ctx, deployment, choice.chosen, ref);
}

/** Rolls a Deployment back to a former revision. */
export const rollbackDeployment = defineRemediation({
  name: "rollback_deployment",
  description: "回滚 Deployment 到上一版本或指定版本",
  args,
  riskLevel: "medium",
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "roll back", () => rollback(ctx, a, ref));
  },
});
