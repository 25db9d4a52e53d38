/** list_pods: the pods of a namespace, optionally by label selector, with a status breakdown. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin } from "../../types.js";
import { labelSelectorArg, namespaceArg } from "./args.js";
import { guarded } from "./outcome.js";
import { podOwnersOf } from "./pod-owners.js";
import { summarizePods } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { cappedNote, trimAll } from "./trim.js";

/** The most pods a result carries. */
export const MAX_PODS = 100;

const args = z.object({
  namespace: namespaceArg,
  label_selector: labelSelectorArg,
  field_selector: z
    .string()
    .max(1024)
    .optional()
    .describe('Field selector, e.g. "status.phase!=Running" or "spec.nodeName=node-1"'),
});

/** list_pods */
export const listPodsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "list_pods",
  description: "列出 Pod",
  args,
  run: (ctx, a) =>
    guarded(`list pods in namespace ${a.namespace}`, async () => {
      const options = abortable(ctx.signal);
      const list = await ctx.kc.makeApiClient(CoreV1Api).listNamespacedPod(
        {
          namespace: a.namespace,
          ...(a.label_selector ? { labelSelector: a.label_selector } : {}),
          ...(a.field_selector ? { fieldSelector: a.field_selector } : {}),
        },
        options,
      );
      const pods = list.items;
      const podOwners = await podOwnersOf(ctx.kc, pods.slice(0, MAX_PODS), options);
      const where = a.label_selector ? ` matching ${a.label_selector}` : "";
      return {
        ok: true,
        summary: `${summarizePods(pods)}${where} in ${a.namespace}${cappedNote(pods.length, MAX_PODS)}`,
        data: { pods: trimAll(pods, MAX_PODS), podOwners, total: pods.length },
      };
    }),
});
