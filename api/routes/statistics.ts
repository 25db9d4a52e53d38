/** `GET /api/statistics` (added): counts and time to resolve over the whole history in the index. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiDeps } from "../deps.js";
import { errorResponses, okEnvelope } from "../envelope.js";
import { noQuery } from "../schemas/common.js";

const Statistics = z.object({
  total: z.number().int(),
  active: z.number().int(),
  by_status: z.record(z.string(), z.number().int()),
  by_severity: z.record(z.string(), z.number().int()),
  mean_time_to_resolve_seconds: z.number().nullable(),
});

/** The statistics route; it counts incidents, so it needs `list incidents`. */
export const statisticsRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get(
    "/api/statistics",
    {
      config: { access: { verb: "list", resource: "incidents" } },
      schema: {
        querystring: noQuery,
        tags: ["incidents"],
        summary: "Incident counts by status and severity and the mean time to resolve, history included",
        response: { 200: okEnvelope(Statistics), ...errorResponses },
      },
    },
    () => {
      const s = deps.index.incidentStats();
      return {
        success: true as const,
        data: {
          total: s.total,
          active: s.active,
          by_status: s.byStatus,
          by_severity: s.bySeverity,
          mean_time_to_resolve_seconds: s.meanTimeToResolveSeconds === null ? null : Math.round(s.meanTimeToResolveSeconds),
        },
      };
    },
  );
  done();
};
