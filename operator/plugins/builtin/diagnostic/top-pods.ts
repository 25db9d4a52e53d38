/** top_pods: current CPU and memory of a namespace's pods from the metrics API (metrics-server). */
import { CoreV1Api, CustomObjectsApi, type PodMetricsList } from "@kubernetes/client-node";
import { z } from "zod";
import { apiErrorMessage, apiStatusCode } from "../../../../lib/kube/client.js";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { labelSelectorArg, namespaceArg } from "./args.js";
import { plural } from "./counts.js";
import { failed, guarded } from "./outcome.js";
import { podUsage } from "./pod-usage.js";
import { abortable } from "./request-options.js";

const args = z.object({ namespace: namespaceArg, label_selector: labelSelectorArg });

/** The most pods a result carries. */
const MAX_ROWS = 100;

/** 404: the group is not served at all; 503: its APIService exists but its backend is down. */
const UNAVAILABLE = new Set([404, 503]);

async function readMetrics(ctx: PluginContext, a: z.output<typeof args>): Promise<PodMetricsList | string> {
  try {
    return (await ctx.kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject(
      {
        group: "metrics.k8s.io",
        version: "v1beta1",
        namespace: a.namespace,
        plural: "pods",
        ...(a.label_selector ? { labelSelector: a.label_selector } : {}),
      },
      abortable(ctx.signal),
    )) as PodMetricsList;
  } catch (err) {
    const code = apiStatusCode(err);
    if (code === undefined || !UNAVAILABLE.has(code)) throw err;
    const detail = apiErrorMessage(err).trim();
    return `metrics API not available: metrics.k8s.io/v1beta1 is not served, is metrics-server installed? (${detail})`;
  }
}

async function topPods(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const metrics = await readMetrics(ctx, a);
  if (typeof metrics === "string") return failed(metrics);
  const pods = await ctx.kc
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: a.namespace, ...(a.label_selector ? { labelSelector: a.label_selector } : {}) }, abortable(ctx.signal));
  const rows = podUsage(metrics.items, pods.items);
  const busiest = rows[0] ? `; busiest ${rows[0].name} cpu ${rows[0].cpu}, memory ${rows[0].memory}` : "";
  const nearLimit = rows.filter((r) => (r.memoryOfLimitPercent ?? 0) >= 90).map((r) => r.name);
  const warning = nearLimit.length > 0 ? `; memory ≥90% of limit: ${nearLimit.join(", ")}` : "";
  return {
    ok: true,
    summary: `usage of ${plural(rows.length, "pod")} in ${a.namespace}${busiest}${warning}`,
    data: { usage: rows.slice(0, MAX_ROWS), total: rows.length },
  };
}

/** top_pods */
export const topPodsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "top_pods",
  description: "查看 Pod 资源使用（需要 metrics-server）",
  args,
  run: (ctx, a) => guarded(`read pod metrics in namespace ${a.namespace}`, () => topPods(ctx, a)),
});
