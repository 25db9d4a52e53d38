/**
 * `GET/PUT /api/config` (ConfigMap kubefix-config, Secret kubefix-secrets)
 * and `GET/PUT /api/environment-context` (ConfigMap kubefix-environment-context).
 * Access is checked against those objects, so cluster RBAC decides who may
 * read or change settings, and changing a secret needs rights on the Secret.
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ENVIRONMENT_CONTEXT_CONFIGMAP, SETTINGS_CONFIGMAP, SETTINGS_SECRET } from "../../lib/settings/index.js";
import { requireAccess } from "../access.js";
import type { AccessCheck, ApiDeps } from "../deps.js";
import { errorResponses, messageEnvelope, okEnvelope, validationError } from "../envelope.js";
import { noQuery } from "../schemas/common.js";
import { messagesFor } from "../messages.js";


const configMap = (verb: string, name: string): AccessCheck => ({ verb, resource: "configmaps", group: "", name });
const Document = z.record(z.string(), z.unknown());

/** The settings routes. */
export const settingsRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get(
    "/api/config",
    {
      config: { access: configMap("get", SETTINGS_CONFIGMAP) },
      schema: { querystring: noQuery, tags: ["config"], summary: "All settings; secrets masked", response: { 200: okEnvelope(Document), ...errorResponses } },
    },
    async () => ({ success: true as const, data: await deps.settings.document() }),
  );

  app.put(
    "/api/config",
    {
      config: { access: configMap("update", SETTINGS_CONFIGMAP) },
      schema: { querystring: noQuery,
        tags: ["config"],
        summary: "Change settings by their environment-style keys (LLM_MODEL, HOURLY_QUOTA, ...)",
        body: z.record(z.string(), z.unknown()),
        response: { 200: messageEnvelope(Document), ...errorResponses },
      },
    },
    async (request) => {
      if (Object.keys(request.body).some((key) => deps.settings.isSecretKey(key))) {
        await requireAccess(deps.access, request, [{ verb: "update", resource: "secrets", group: "", name: SETTINGS_SECRET }]);
      }
      const issues = await deps.settings.update(request.body, deps.locale());
      if (issues) throw validationError(issues);
      request.log.info({ keys: Object.keys(request.body), by: request.user?.username }, "settings updated");
      return { success: true as const, message: messagesFor(deps.locale()).configUpdated, data: await deps.settings.document() };
    },
  );

  app.get(
    "/api/environment-context",
    {
      config: { access: configMap("get", ENVIRONMENT_CONTEXT_CONFIGMAP) },
      schema: { querystring: noQuery, tags: ["environment"], summary: "Services, infrastructure and alert definitions", response: { 200: okEnvelope(Document), ...errorResponses } },
    },
    async () => ({ success: true as const, data: await deps.environment.read() }),
  );

  app.put(
    "/api/environment-context",
    {
      config: { access: configMap("update", ENVIRONMENT_CONTEXT_CONFIGMAP) },
      schema: { querystring: noQuery, tags: ["environment"], summary: "Replace the environment context", body: Document, response: { 200: messageEnvelope(Document), ...errorResponses } },
    },
    async (request) => {
      const issues = await deps.environment.write(request.body, deps.locale());
      if (issues) throw validationError(issues);
      return { success: true as const, message: messagesFor(deps.locale()).environmentUpdated, data: await deps.environment.read() };
    },
  );
  done();
};
