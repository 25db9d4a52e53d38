/** describe_hpa: an autoscaling/v2 HorizontalPodAutoscaler's target, bounds, status, conditions and events. */
import {
  AutoscalingV2Api,
  CoreV1Api,
  type V2HorizontalPodAutoscaler,
  type V2HorizontalPodAutoscalerSpec,
  type V2HorizontalPodAutoscalerStatus,
} from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { conditionDigest } from "./conditions.js";
import { eventsAbout } from "./events.js";
import { guarded } from "./outcome.js";
import { abortable } from "./request-options.js";
import { trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, hpa_name: nameArg("HorizontalPodAutoscaler") });

/** "Deployment/web: 2 current, 4 desired (min 1, max 5)". */
export function hpaLine(hpa: V2HorizontalPodAutoscaler): string {
  const spec: Partial<V2HorizontalPodAutoscalerSpec> = hpa.spec ?? {};
  const status: Partial<V2HorizontalPodAutoscalerStatus> = hpa.status ?? {};
  const target = spec.scaleTargetRef ? `${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}` : "?";
  const bounds = `min ${spec.minReplicas ?? 1}, max ${spec.maxReplicas ?? "?"}`;
  return `${target}: ${status.currentReplicas ?? 0} current, ${status.desiredReplicas ?? 0} desired (${bounds})`;
}

async function describeHpa(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const hpa = await ctx.kc
    .makeApiClient(AutoscalingV2Api)
    .readNamespacedHorizontalPodAutoscaler({ name: a.hpa_name, namespace: a.namespace }, options);
  const events = await eventsAbout(
    ctx.kc.makeApiClient(CoreV1Api),
    a.namespace,
    [{ kind: "HorizontalPodAutoscaler", name: a.hpa_name }],
    options,
  );
  return {
    ok: true,
    summary: `hpa ${a.namespace}/${a.hpa_name} → ${hpaLine(hpa)}; ${conditionDigest(hpa.status?.conditions)}`,
    data: { hpa: trimObject(hpa), events },
  };
}

/** describe_hpa */
export const describeHpaPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_hpa",
  description: "查看 HPA 自动扩缩容状态",
  args,
  run: (ctx, a) => guarded({ kind: "hpa", name: a.hpa_name, namespace: a.namespace }, () => describeHpa(ctx, a)),
});
