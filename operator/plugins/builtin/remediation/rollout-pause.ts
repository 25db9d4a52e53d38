/**
 * pause_rollout and resume_rollout: freeze a Deployment's rollout where it
 * is (template changes wait), and let it continue. Resuming rolls out
 * whatever changed while paused, so it needs approval.
 */
import { AppsV1Api, type V1Deployment } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { deploymentRef } from "./deployment-ref.js";
import { displayName, guarded, type NamespacedRef } from "./outcome.js";
import { applyDeploymentEdit } from "./server-side-apply.js";
import { toggleFlag } from "./toggle-flag.js";

const args = z.object({
  namespace: namespaceArg,
  deployment_name: objectNameArg("Deployment"),
});

async function setPaused(ctx: PluginContext, ref: NamespacedRef, paused: boolean): Promise<PluginResult> {
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const call = { name: ref.name, namespace: ref.namespace };
  const label = `deployment ${displayName(ref)}`;
  let current: V1Deployment = {};
  return toggleFlag(ctx, {
    ref,
    field: "paused",
    desired: paused,
    read: async () => {
      current = await apps.readNamespacedDeployment(call);
      return current.spec?.paused === true;
    },
    write: async (body) => {
      // spec.paused is a spec edit: server-side apply, so managedFields shows kubefix paused it.
      const outcome = await applyDeploymentEdit(ctx, current, { fields: [["f:spec", "f:paused"]], patch: body as { spec: Record<string, unknown> } });
      if ("refused" in outcome) throw new Error(outcome.refused);
      return outcome.applied.spec?.paused === true;
    },
    done: `${paused ? "paused" : "resumed"} the rollout of ${label}`,
    already: `the rollout of ${label} is already ${paused ? "paused" : "running"}`,
  });
}

/** Pauses a Deployment's rollout. */
export const pauseRollout = defineRemediation({
  name: "pause_rollout",
  description: "暂停 Deployment 滚动发布",
  args,
  riskLevel: "low",
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "pause", () => setPaused(ctx, ref, true));
  },
});

/** Resumes a paused Deployment rollout. */
export const resumeRollout = defineRemediation({
  name: "resume_rollout",
  description: "恢复 Deployment 滚动发布",
  args,
  riskLevel: "medium",
  requiresApproval: true,
  run(ctx, a) {
    const ref = deploymentRef(a);
    return guarded(ref, "resume", () => setPaused(ctx, ref, false));
  },
});
