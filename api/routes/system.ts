/** `/healthz`, `/readyz` and `/metrics` (open), `/api/status` and the SSE stream `/api/events`. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { registry } from "../../lib/metrics.js";
import { nowOf, type ApiDeps } from "../deps.js";
import { noQuery } from "../schemas/common.js";
import { errorResponses, okEnvelope } from "../envelope.js";
import { isActive, statusOf } from "../translate/incident.js";

const Health = z.object({ status: z.literal("healthy"), version: z.string(), uptime: z.number().int() });
const Ready = z.object({ status: z.enum(["ready", "not_ready"]), cluster: z.boolean(), database: z.boolean() });

export const Status = z.object({
  status: z.literal("running"),
  version: z.string(),
  uptime: z.number().int(),
  active_incidents: z.number().int(),
  pending_approvals: z.number().int(),
  plugins_loaded: z.number().int(),
  llm_status: z.string(),
  database_status: z.enum(["connected", "error"]),
  redis_status: z.literal("not_used"),
  cluster_status: z.enum(["connected", "syncing"]),
});

const AWAITING = new Set(["awaiting_approval", "awaiting_confirmation"]);
const WATCH = { verb: "watch", resource: "incidents" } as const;
/** How often an open stream's right to watch is checked again. */
export const STREAM_RECHECK_MS = 60_000;

/**
 * Checks the stream's access again every minute and ends the stream once it is refused, so
 * a removed RoleBinding ends open streams too. An apiserver that cannot answer keeps it open.
 */
function keepAuthorized(deps: ApiDeps, request: FastifyRequest, reply: FastifyReply): void {
  const user = request.user;
  if (!user) return;
  const timer = setInterval(() => {
    deps.access.authorize(user, WATCH).then(
      (verdict) => {
        if (!verdict.allowed) reply.raw.end();
      },
      () => undefined,
    );
  }, deps.streamRecheckMs ?? STREAM_RECHECK_MS);
  timer.unref();
  reply.raw.on("close", () => clearInterval(timer));
}

/** The system routes. */
export const systemRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  const uptime = (): number => Math.floor((nowOf(deps).getTime() - deps.startedAt.getTime()) / 1000);

  app.get("/healthz", { schema: { tags: ["system"], summary: "Liveness", response: { 200: Health } } }, () => ({
    status: "healthy" as const,
    version: deps.version,
    uptime: uptime(),
  }));

  app.get("/readyz", { schema: { tags: ["system"], summary: "Readiness: caches synced, index open", response: { 200: Ready, 503: Ready } } }, async (_request, reply) => {
    const cluster = deps.cache.synced();
    const database = deps.index.ping();
    return reply.code(cluster && database ? 200 : 503).send({ status: cluster && database ? "ready" : "not_ready", cluster, database });
  });

  app.get("/metrics", { schema: { tags: ["system"], summary: "Prometheus metrics", hide: false } }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });

  app.get(
    "/api/status",
    {
      config: { access: { verb: "list", resource: "incidents" } },
      schema: { querystring: noQuery, tags: ["system"], summary: "Live counts and component status", response: { 200: okEnvelope(Status), ...errorResponses } },
    },
    () => {
      const incidents = deps.cache.incidents.list();
      return {
        success: true as const,
        data: {
          status: "running" as const,
          version: deps.version,
          uptime: uptime(),
          active_incidents: incidents.filter(isActive).length,
          pending_approvals: incidents.filter((i) => AWAITING.has(statusOf(i))).length,
          plugins_loaded: deps.cache.plugins.list().filter((p) => p.spec.enabled).length,
          llm_status: deps.llmStatus(),
          database_status: deps.index.ping() ? ("connected" as const) : ("error" as const),
          redis_status: "not_used" as const,
          cluster_status: deps.cache.synced() ? ("connected" as const) : ("syncing" as const),
        },
      };
    },
  );

  app.get(
    "/api/events",
    {
      // A HEAD would subscribe and never answer: it has no body to stream.
      exposeHeadRoute: false,
      config: { access: WATCH },
      schema: {
        tags: ["events"],
        summary: "Server-sent events: incident_created, diagnosis_completed, proposal_created, approval_requested, execution_completed, incident_resolved, incident_escalated",
        querystring: z.strictObject({ last_event_id: z.string().max(64).optional() }),
      },
    },
    (request, reply) => {
      deps.events.stream(request, reply);
      keepAuthorized(deps, request, reply);
    },
  );
  done();
};
