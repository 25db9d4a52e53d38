/** `/api/knowledge`: KnowledgeEntry resources; lists and search from the index, single reads from the cache. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_VERSION } from "../../crds/index.js";
import type { KnowledgeEntry } from "../../lib/resources.js";
import { rfc3339 } from "../../lib/time.js";
import { nowOf, type ApiDeps } from "../deps.js";
import { errorResponses, messageEnvelope, notFound, okEnvelope } from "../envelope.js";
import { messagesFor } from "../messages.js";
import { noQuery, pageNumbers } from "../schemas/common.js";
import { Knowledge, KnowledgeCreateBody, KnowledgeIdParams, KnowledgeListQuery, KnowledgePage, KnowledgeUpdateBody } from "../schemas/knowledge.js";
import { toKnowledge, UPDATED_AT_ANNOTATION } from "../translate/knowledge.js";

const RESOURCE = "knowledgeentries";
const idOf = (request: { params: unknown }): string => String((request.params as { id?: string }).id ?? "");
const stamp = (deps: ApiDeps): string => rfc3339(nowOf(deps));

async function findEntry(deps: ApiDeps, id: string): Promise<KnowledgeEntry> {
  const entry = deps.cache.knowledge.get(id) ?? (await deps.writer.getKnowledge(id));
  if (!entry) throw notFound("knowledgeNotFound");
  return entry;
}

/** The knowledge routes. */
export const knowledgeRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.register(knowledgeReadRoutes, { deps });
  app.register(knowledgeWriteRoutes, { deps });
  done();
};

const knowledgeReadRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get(
    "/api/knowledge",
    {
      config: { access: { verb: "list", resource: RESOURCE } },
      schema: { tags: ["knowledge"], summary: "List or search knowledge entries", querystring: KnowledgeListQuery, response: { 200: okEnvelope(KnowledgePage), ...errorResponses } },
    },
    (request) => {
      const q = request.query;
      const result = deps.index.listKnowledge({
        page: q.page,
        pageSize: q.page_size,
        ...(q.category ? { category: q.category } : {}),
        ...(q.search ? { search: q.search } : {}),
      });
      return { success: true as const, data: { items: result.items.map(toKnowledge), ...pageNumbers(result.total, q.page, q.page_size) } };
    },
  );

  app.get(
    "/api/knowledge/:id",
    {
      config: { access: (request) => ({ verb: "get", resource: RESOURCE, name: idOf(request) }) },
      schema: { querystring: noQuery, tags: ["knowledge"], summary: "One knowledge entry", params: KnowledgeIdParams, response: { 200: okEnvelope(Knowledge), ...errorResponses } },
    },
    async (request) => ({ success: true as const, data: toKnowledge(await findEntry(deps, request.params.id)) }),
  );

  done();
};

const knowledgeWriteRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.post(
    "/api/knowledge",
    {
      config: { access: { verb: "create", resource: RESOURCE } },
      schema: { querystring: noQuery, tags: ["knowledge"], summary: "Create a knowledge entry", body: KnowledgeCreateBody, response: { 201: okEnvelope(Knowledge), ...errorResponses } },
    },
    async (request, reply) => {
      const created = await deps.writer.createKnowledge({
        apiVersion: API_VERSION,
        kind: "KnowledgeEntry",
        metadata: { generateName: "kb-", namespace: deps.namespace, annotations: { [UPDATED_AT_ANNOTATION]: stamp(deps) } },
        spec: { ...request.body, ...(request.user ? { author: request.user.username.slice(0, 256) } : {}) },
      });
      return reply
        .code(201)
        .header("location", `/api/knowledge/${created.metadata.name ?? ""}`)
        .send({ success: true as const, data: toKnowledge(created) });
    },
  );

  app.put(
    "/api/knowledge/:id",
    {
      config: { access: (request) => ({ verb: "update", resource: RESOURCE, name: idOf(request) }) },
      schema: { querystring: noQuery,
        tags: ["knowledge"],
        summary: "Update a knowledge entry (the fields sent)",
        params: KnowledgeIdParams,
        body: KnowledgeUpdateBody,
        response: { 200: okEnvelope(Knowledge), ...errorResponses },
      },
    },
    async (request) => {
      await findEntry(deps, request.params.id);
      const updated = await deps.writer.patchKnowledge(request.params.id, {
        metadata: { annotations: { [UPDATED_AT_ANNOTATION]: stamp(deps) } },
        spec: request.body,
      });
      return { success: true as const, data: toKnowledge(updated) };
    },
  );

  app.delete(
    "/api/knowledge/:id",
    {
      config: { access: (request) => ({ verb: "delete", resource: RESOURCE, name: idOf(request) }) },
      schema: { querystring: noQuery,
        tags: ["knowledge"],
        summary: "Delete a knowledge entry",
        params: KnowledgeIdParams,
        body: z.strictObject({}).nullish(),
        response: { 200: messageEnvelope(z.object({ id: z.string() })), ...errorResponses },
      },
    },
    async (request) => {
      if (!(await deps.writer.deleteKnowledge(request.params.id))) throw notFound("knowledgeNotFound");
      return { success: true as const, message: messagesFor(deps.locale()).knowledgeDeleted, data: { id: request.params.id } };
    },
  );
  done();
};
