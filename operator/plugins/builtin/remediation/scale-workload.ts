/**
 * scale_deployment and scale_statefulset: set replicas through the `scale`
 * subresource, the way `kubectl scale` and autoscalers do.
 */
import { AppsV1Api, type V1Scale } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg, objectNameArg } from "./arg-schemas.js";
import { guarded, succeeded, unchanged, type NamespacedRef } from "./outcome.js";
import { mergePatch } from "./write-options.js";

type ScalableKind = "Deployment" | "StatefulSet";

const replicasArg = z.number().int().min(0).max(1000).describe("Desired number of replicas");

interface ScaleCall {
  name: string;
  namespace: string;
}

async function readScale(apps: AppsV1Api, kind: ScalableKind, call: ScaleCall): Promise<V1Scale> {
  return kind === "Deployment" ? apps.readNamespacedDeploymentScale(call) : apps.readNamespacedStatefulSetScale(call);
}

async function patchScale(apps: AppsV1Api, kind: ScalableKind, call: ScaleCall & { body: object }): Promise<V1Scale> {
  return kind === "Deployment"
    ? apps.patchNamespacedDeploymentScale(call, mergePatch)
    : apps.patchNamespacedStatefulSetScale(call, mergePatch);
}

async function scale(ctx: PluginContext, ref: NamespacedRef, replicas: number): Promise<PluginResult> {
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const kind = ref.kind as ScalableKind;
  const call = { name: ref.name, namespace: ref.namespace };
  const current = await readScale(apps, kind, call);
  const previousReplicas = current.spec?.replicas ?? 0;
  const label = `${kind.toLowerCase()} ${ref.namespace}/${ref.name}`;
  if (previousReplicas === replicas) {
    return unchanged(`${label} already has ${replicas} replicas`, { previousReplicas, replicas });
  }
  const patched = await patchScale(apps, kind, { ...call, body: { spec: { replicas } } });
  const now = patched.spec?.replicas ?? replicas;
  return succeeded(ctx, `scaled ${label} from ${previousReplicas} to ${now} replicas`, [ref], { previousReplicas, replicas: now });
}

const deploymentArgs = z.object({
  namespace: namespaceArg,
  deployment_name: objectNameArg("Deployment"),
  replicas: replicasArg,
});

/** Sets the replica count of a Deployment. */
export const scaleDeployment = defineRemediation({
  name: "scale_deployment",
  description: "调整 Deployment 副本数",
  args: deploymentArgs,
  riskLevel: "medium",
  run(ctx, a) {
    const ref = { kind: "Deployment", namespace: a.namespace, name: a.deployment_name };
    return guarded(ref, "scale", () => scale(ctx, ref, a.replicas));
  },
});

const statefulSetArgs = z.object({
  namespace: namespaceArg,
  statefulset_name: objectNameArg("StatefulSet"),
  replicas: replicasArg,
});

/** Sets the replica count of a StatefulSet. */
export const scaleStatefulSet = defineRemediation({
  name: "scale_statefulset",
  description: "调整 StatefulSet 副本数",
  args: statefulSetArgs,
  riskLevel: "medium",
  run(ctx, a) {
    const ref = { kind: "StatefulSet", namespace: a.namespace, name: a.statefulset_name };
    return guarded(ref, "scale", () => scale(ctx, ref, a.replicas));
  },
});
