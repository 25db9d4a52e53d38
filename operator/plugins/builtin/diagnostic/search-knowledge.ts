/** search_knowledge: published KnowledgeEntry resources ranked for a query. */
import { z } from "zod";
import { KindClient } from "../../../../lib/kube/kind-client.js";
import { KNOWLEDGE_ENTRIES, type KnowledgeEntry } from "../../../../lib/resources.js";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { rankKnowledge } from "./knowledge-rank.js";
import { plural } from "./counts.js";
import { guarded } from "./outcome.js";

const args = z.object({
  query: z.string().min(1).max(512).describe('Words to look for in titles, tags and content, e.g. "OOMKilled memory limit"'),
  category: z.string().max(63).optional().describe('Only entries of this category, e.g. "runbook"'),
  limit: z.number().int().min(1).max(20).default(5).describe("The most entries to return, best first"),
});

async function searchKnowledge(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const client = new KindClient<KnowledgeEntry>(ctx.kc, KNOWLEDGE_ENTRIES, ctx.installNamespace);
  const entries = (await client.list()).items.filter(
    (e) => (e.spec.state ?? "published") === "published" && (!a.category || e.spec.category === a.category),
  );
  const knowledge = rankKnowledge(entries, a.query, a.limit);
  const titles = knowledge.map((k) => `"${k.title}" (${k.score})`).join(", ");
  return {
    ok: true,
    summary:
      knowledge.length > 0
        ? `${plural(knowledge.length, "knowledge entry", "knowledge entries")} for "${a.query}": ${titles}`
        : `no knowledge entry matches "${a.query}"`,
    data: { knowledge, searched: entries.length },
  };
}

/** search_knowledge */
export const searchKnowledgePlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "search_knowledge",
  description: "搜索知识库",
  args,
  timeoutSeconds: 15,
  run: (ctx, a) => guarded(`search knowledge entries in namespace ${ctx.installNamespace}`, () => searchKnowledge(ctx, a)),
});
