/** get_resource_quotas: a namespace's ResourceQuotas with used/hard, and its LimitRanges. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { namespaceArg } from "./args.js";
import { plural } from "./counts.js";
import { guarded } from "./outcome.js";
import { nearLimit, NEAR_LIMIT_PERCENT, quotaUsage } from "./quota-usage.js";
import { abortable } from "./request-options.js";
import { trimAll } from "./trim.js";

const args = z.object({ namespace: namespaceArg });

/** Namespaces rarely have more than a handful; the bound only guards the result size. */
const MAX_OBJECTS = 50;

async function resourceQuotas(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const [quotas, limitRanges] = await Promise.all([
    core.listNamespacedResourceQuota({ namespace: a.namespace }, options),
    core.listNamespacedLimitRange({ namespace: a.namespace }, options),
  ]);
  const usage = quotaUsage(quotas.items);
  const near = nearLimit(usage);
  const counts = `${plural(quotas.items.length, "quota")}, ${plural(limitRanges.items.length, "limit range")} in ${a.namespace}`;
  const state =
    quotas.items.length === 0 ? "" : near.length > 0 ? `; at or near limit: ${near.join(", ")}` : `; all under ${NEAR_LIMIT_PERCENT}%`;
  return {
    ok: true,
    summary: `${counts}${state}`,
    data: {
      quotas: trimAll(quotas.items, MAX_OBJECTS),
      limitRanges: trimAll(limitRanges.items, MAX_OBJECTS),
      usage,
      nearLimit: near,
    },
  };
}

/** get_resource_quotas */
export const getResourceQuotasPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_resource_quotas",
  description: "查看资源配额与限制范围",
  args,
  run: (ctx, a) => guarded(`list resource quotas in namespace ${a.namespace}`, () => resourceQuotas(ctx, a)),
});
