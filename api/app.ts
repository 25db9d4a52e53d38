/**
 * The facade as a Fastify application: schemas through the zod type
 * provider (validation, serialization and the OpenAPI document from one
 * source), Kubernetes-native access checks, one error envelope, HTTP
 * metrics. `server.ts` wires the real ports and listens; tests `inject`.
 */
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { installAccessHook } from "./access.js";
import type { ApiDeps } from "./deps.js";
import { envelopeOf, installErrorHandlers } from "./error-handler.js";
import { messagesFor } from "./messages.js";
import { installHttpMetrics } from "./http-metrics.js";
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateLimits } from "./rate-limits.js";
import { alertRoutes } from "./routes/alert.js";
import { decisionRoutes } from "./routes/decisions.js";
import { incidentRoutes } from "./routes/incidents.js";
import { knowledgeRoutes } from "./routes/knowledge.js";
import { pluginRoutes } from "./routes/plugins.js";
import { settingsRoutes } from "./routes/settings.js";
import { statisticsRoutes } from "./routes/statistics.js";
import { systemRoutes } from "./routes/system.js";

/** The largest request body accepted (the biggest legitimate one is a 64 KiB knowledge entry). */
export const BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** A pino logger for request logs; none in tests. */
  loggerInstance?: FastifyServerOptions["loggerInstance"];
  /** The rate limits; DEFAULT_RATE_LIMITS when left out. */
  rateLimits?: RateLimits;
}

/** Builds the application; call `ready()` or `listen()` on the result. */
export async function buildApp(deps: ApiDeps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: false }),
    bodyLimit: BODY_LIMIT,
    // Ids and names never need more; longer path parameters are refused before routing.
    routerOptions: { maxParamLength: 256 },
    requestTimeout: 30_000,
    return503OnClosing: true,
    // A request Node's HTTP parser refuses (raw non-ASCII bytes in the URL, a broken header) never
    // reaches Fastify's handlers: answer it on the socket, still in the envelope.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable || ("code" in err && err.code === "ECONNRESET")) return;
      const locale = deps.locale();
      const body = JSON.stringify(envelopeOf({ status: 400, code: "VALIDATION_ERROR", key: "validationFailed", details: [{ field: "request", message: messagesFor(locale).invalidRequest }] }, locale));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // A malformed URL or an over-long path parameter fails before routing, past the error handler.
    frameworkErrors: (_err, _request, reply: FastifyReply) => {
      const locale = deps.locale();
      const details = [{ field: "path", message: messagesFor(locale).invalidPath }];
      void reply.code(400).send(envelopeOf({ status: 400, code: "VALIDATION_ERROR", key: "validationFailed", details }, locale));
    },
  }).withTypeProvider<ZodTypeProvider>();
  // The API speaks JSON only: anything else is a 415 instead of a string that fails validation later.
  app.removeContentTypeParser("text/plain");
  // An empty JSON body is no body (approve without a comment), not a syntax error.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body === "") done(null, undefined);
    else void parseJson(request, String(body), done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, deps.locale);
  installAccessHook(app, deps.access, await installRateLimits(app, opts.rateLimits ?? DEFAULT_RATE_LIMITS));
  installHttpMetrics(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "kubefix REST API", description: "The documented REST API of kubefix, served over the cluster's resources.", version: deps.version },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A Kubernetes token (kubectl create token)" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  for (const routes of [systemRoutes, incidentRoutes, decisionRoutes, alertRoutes, pluginRoutes, knowledgeRoutes, settingsRoutes, statisticsRoutes]) {
    await app.register(routes, { deps });
  }
  return app;
}
