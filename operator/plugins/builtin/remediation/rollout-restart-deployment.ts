/**
 * rollout_restart_deployment: what `kubectl rollout restart` does. Changing
 * a pod template annotation makes the Deployment roll out a new ReplicaSet,
 * replacing every pod gradually under its rollout strategy.
 */
import { AppsV1Api, type V1Deployment } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { deploymentRef } from "./deployment-ref.js";
import { guarded, refused, succeeded, type ObjectRef } from "./outcome.js";
import { applyDeploymentEdit } from "./server-side-apply.js";

/** The annotation kubectl sets; using the same one keeps `kubectl rollout history` readable. */
export const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

const args = z.object({
  namespace: namespaceArg,
  deployment_name: objectNameArg("Deployment"),
});

/** The managedFields path of the restart stamp. */
const RESTARTED_AT_FIELD = ["f:spec", "f:template", "f:metadata", "f:annotations", `f:${RESTARTED_AT}`];

/** The apply configuration that stamps the pod template with a restart time (RFC 3339, seconds). */
export function restartPatch(now: Date): { spec: Record<string, unknown> } {
  const restartedAt = now.toISOString().replace(/\.\d+Z$/, "Z");
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } };
}

function restartedAtOf(deployment: V1Deployment): string | null {
  return deployment.spec?.template?.metadata?.annotations?.[RESTARTED_AT] ?? null;
}

async function rolloutRestart(ctx: PluginContext, a: z.output<typeof args>, ref: ObjectRef): Promise<PluginResult> {
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace });
  // A paused Deployment would take the new template without rolling it out, so nothing would restart.
  if (deployment.spec?.paused) {
    return refused(`deployment ${a.namespace}/${a.deployment_name} is paused; resume its rollout first`);
  }
  const previous = restartedAtOf(deployment);
  const outcome = await applyDeploymentEdit(ctx, deployment, { fields: [RESTARTED_AT_FIELD], patch: restartPatch(new Date()) });
  if ("refused" in outcome) return refused(outcome.refused);
  return succeeded(ctx, `started a rolling restart of deployment ${a.namespace}/${a.deployment_name}`, [ref], {
    restartedAt: restartedAtOf(outcome.applied),
    previousRestartedAt: previous,
    previousManagers: outcome.previousManagers,
  });
}

/** Restarts every pod of a Deployment through a rollout. */
export const rolloutRestartDeployment = defineRemediation({
  name: "rollout_restart_deployment",
  description: "滚动重启 Deployment",
  args,
  riskLevel: "low",
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "restart", () => rolloutRestart(ctx, a, ref));
  },
});
