/** `GET /api/incidents`, `GET /api/incidents/:id`, `GET /api/incidents/:id/events`. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Incident } from "../../lib/resources.js";
import type { ApiDeps } from "../deps.js";
import { errorResponses, notFound, okEnvelope } from "../envelope.js";
import { instantOf, noQuery, pageNumbers } from "../schemas/common.js";
import { IncidentDetail, IncidentEvent, IncidentIdParams, IncidentListQuery, IncidentPage } from "../schemas/incident.js";
import { toDetail, toEvents, toListItem } from "../translate/incident.js";

const READ = { verb: "get", resource: "incidents" } as const;
const LIST = { verb: "list", resource: "incidents" } as const;

/** The incident with this id: the informer cache, then the apiserver, then the index's history. */
export async function findIncident(deps: ApiDeps, id: string): Promise<{ incident: Incident; deletedAt?: string }> {
  const name = id.toLowerCase();
  const cached = deps.cache.incidents.get(name) ?? (await deps.writer.getIncident(name));
  if (cached) return { incident: cached };
  const history = deps.index.getIncident(id.toUpperCase());
  if (history) return history;
  throw notFound("incidentNotFound");
}

/** The incident routes. */
export const incidentRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get(
    "/api/incidents",
    {
      config: { access: LIST },
      schema: { tags: ["incidents"], summary: "List incidents", querystring: IncidentListQuery, response: { 200: okEnvelope(IncidentPage), ...errorResponses } },
    },
    (request) => {
      const q = request.query;
      const result = deps.index.listIncidents({
        page: q.page,
        pageSize: q.page_size,
        ...(q.status ? { status: q.status } : {}),
        ...(q.severity ? { severity: q.severity } : {}),
        ...(q.start_date ? { startDate: instantOf(q.start_date, "start") } : {}),
        ...(q.end_date ? { endDate: instantOf(q.end_date, "end") } : {}),
        ...(q.search ? { search: q.search } : {}),
      });
      return { success: true as const, data: { items: result.items.map(toListItem), ...pageNumbers(result.total, q.page, q.page_size) } };
    },
  );

  app.get(
    "/api/incidents/:id",
    {
      config: { access: (request) => ({ ...READ, name: String((request.params as { id?: string }).id ?? "").toLowerCase() }) },
      schema: { querystring: noQuery, tags: ["incidents"], summary: "One incident", params: IncidentIdParams, response: { 200: okEnvelope(IncidentDetail), ...errorResponses } },
    },
    async (request) => {
      const { incident, deletedAt } = await findIncident(deps, request.params.id);
      return { success: true as const, data: toDetail(incident, deletedAt) };
    },
  );

  app.get(
    "/api/incidents/:id/events",
    {
      config: { access: (request) => ({ ...READ, name: String((request.params as { id?: string }).id ?? "").toLowerCase() }) },
      schema: { querystring: noQuery,
        tags: ["incidents"],
        summary: "The incident's timeline",
        params: IncidentIdParams,
        response: { 200: okEnvelope(z.object({ events: z.array(IncidentEvent) })), ...errorResponses },
      },
    },
    async (request) => {
      const { incident } = await findIncident(deps, request.params.id);
      return { success: true as const, data: { events: toEvents(incident) } };
    },
  );
  done();
};
