/** `GET /api/plugins` and `GET /api/plugins/:name`, from the Plugin informer cache. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { resourceNameOf } from "../../crds/plugin-names.js";
import type { Plugin } from "../../lib/resources.js";
import type { ApiDeps } from "../deps.js";
import { messageKey } from "../messages.js";
import { noQuery } from "../schemas/common.js";
import { errorResponses, notFound, okEnvelope } from "../envelope.js";
import { pluginNameOf, toPluginDetail, toPluginSummary } from "../translate/plugin.js";

const PluginSummary = z.object({
  name: z.string(),
  description: z.string(),
  category: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  risk_level: z.string(),
  requires_approval: z.boolean(),
  enabled: z.boolean(),
  timeout: z.number().int(),
  implementation: z.string(),
});

const PluginDetail = PluginSummary.extend({
  usage_count: z.number().int(),
  avg_duration: z.number(),
  success_rate: z.number().nullable(),
  last_used_at: z.string().nullable(),
  last_error: z.string().nullable(),
});

const PluginList = z.object({
  plugins: z.array(PluginSummary),
  total: z.number().int(),
  diagnostic: z.number().int(),
  remediation: z.number().int(),
});

const NameParams = z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,127}$/, { error: messageKey("invalidName") }) });

/** The plugin by the name the list shows; its resource name (`-` for `_`) works too. */
const findPlugin = (deps: ApiDeps, name: string): Plugin | undefined =>
  deps.cache.plugins.list().find((p) => pluginNameOf(p) === name) ?? deps.cache.plugins.get(resourceNameOf(name));

/** The plugin routes. */
export const pluginRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get(
    "/api/plugins",
    {
      config: { access: { verb: "list", resource: "plugins" } },
      schema: { querystring: noQuery, tags: ["plugins"], summary: "List plugins", response: { 200: okEnvelope(PluginList), ...errorResponses } },
    },
    () => {
      const plugins = [...deps.cache.plugins.list()].sort((a, b) => pluginNameOf(a).localeCompare(pluginNameOf(b)));
      const count = (category: string): number => plugins.filter((p) => p.spec.category === category).length;
      return {
        success: true as const,
        data: { plugins: plugins.map(toPluginSummary), total: plugins.length, diagnostic: count("diagnostic"), remediation: count("remediation") },
      };
    },
  );

  app.get(
    "/api/plugins/:name",
    {
      config: { access: (request) => ({ verb: "get", resource: "plugins", name: resourceNameOf(String((request.params as { name?: string }).name ?? "")) }) },
      schema: { querystring: noQuery, tags: ["plugins"], summary: "One plugin with its usage statistics", params: NameParams, response: { 200: okEnvelope(PluginDetail), ...errorResponses } },
    },
    (request) => {
      const plugin = findPlugin(deps, request.params.name);
      if (!plugin) throw notFound("pluginNotFound");
      return { success: true as const, data: toPluginDetail(plugin) };
    },
  );
  done();
};
