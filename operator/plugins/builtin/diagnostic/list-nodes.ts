/** list_nodes: every node with readiness, pressure, taints and cordon state. */
import { CoreV1Api, type V1Node } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin } from "../../types.js";
import { labelSelectorArg } from "./args.js";
import { nodePressure, nodeStatusWord } from "./node-allocation.js";
import { guarded } from "./outcome.js";
import { abortable } from "./request-options.js";
import { cappedNote, trimAll } from "./trim.js";

/** The most nodes a result carries. */
export const MAX_NODES = 100;

const args = z.object({ label_selector: labelSelectorArg });

/** "3 nodes: 2 Ready, 1 NotReady; MemoryPressure on n2". */
export function summarizeNodes(nodes: readonly V1Node[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(nodeStatusWord(n), (counts.get(nodeStatusWord(n)) ?? 0) + 1);
  const words = [...counts.entries()].map(([word, count]) => `${count} ${word}`).join(", ");
  const pressured = nodes
    .filter((n) => nodePressure(n).length > 0)
    .map((n) => `${nodePressure(n).join("+")} on ${n.metadata?.name ?? "?"}`);
  const noun = nodes.length === 1 ? "node" : "nodes";
  return `${nodes.length} ${noun}${words ? `: ${words}` : ""}${pressured.length > 0 ? `; ${pressured.join(", ")}` : ""}`;
}

/** list_nodes */
export const listNodesPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "list_nodes",
  description: "列出节点",
  args,
  run: (ctx, a) =>
    guarded("list nodes", async () => {
      const list = await ctx.kc
        .makeApiClient(CoreV1Api)
        .listNode(a.label_selector ? { labelSelector: a.label_selector } : {}, abortable(ctx.signal));
      const nodes = list.items;
      return {
        ok: true,
        summary: `${summarizeNodes(nodes)}${cappedNote(nodes.length, MAX_NODES)}`,
        data: { nodes: trimAll(nodes, MAX_NODES), total: nodes.length },
      };
    }),
});
