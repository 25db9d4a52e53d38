/**
 * cordon_node and uncordon_node: mark a node (un)schedulable, as `kubectl
 * cordon` does. Pods already on the node keep running; there is no drain.
 */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineRemediation, type PluginContext, type PluginResult } from "../../types.js";
import { objectNameArg } from "./arg-schemas.js";
import { guarded, type ObjectRef } from "./outcome.js";
import { toggleFlag } from "./toggle-flag.js";
import { mergePatch } from "./write-options.js";

const args = z.object({ node_name: objectNameArg("Node") });

async function setUnschedulable(ctx: PluginContext, ref: ObjectRef, unschedulable: boolean): Promise<PluginResult> {
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const state = unschedulable ? "cordoned" : "schedulable";
  return toggleFlag(ctx, {
    ref,
    field: "unschedulable",
    desired: unschedulable,
    read: async () => (await core.readNode({ name: ref.name })).spec?.unschedulable === true,
    write: async (body) => {
      const node = await core.patchNode({ name: ref.name, body }, mergePatch);
      return node.spec?.unschedulable === true;
    },
    done: `${unschedulable ? "cordoned" : "uncordoned"} node ${ref.name}`,
    already: `node ${ref.name} is already ${state}`,
  });
}

/** Marks a node unschedulable. */
export const cordonNode = defineRemediation({
  name: "cordon_node",
  description: "将节点标记为不可调度（cordon）",
  args,
  riskLevel: "medium",
  requiresApproval: true,
  run(ctx, a) {
    const ref = { kind: "Node", name: a.node_name };
    return guarded(ref, "cordon", () => setUnschedulable(ctx, ref, true));
  },
});

/** Marks a node schedulable again. */
export const uncordonNode = defineRemediation({
  name: "uncordon_node",
  description: "恢复节点可调度（uncordon）",
  args,
  riskLevel: "medium",
  requiresApproval: true,
  run(ctx, a) {
    const ref = { kind: "Node", name: a.node_name };
    return guarded(ref, "uncordon", () => setUnschedulable(ctx, ref, false));
  },
});
