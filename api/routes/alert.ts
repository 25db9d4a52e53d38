/** `POST /api/alert`: the alert goes through the intake library, as the operator's own intake does. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AlertInputSchema } from "../../lib/intake/alert-input.js";
import type { ApiDeps } from "../deps.js";
import { noQuery } from "../schemas/common.js";
import { errorResponses, okEnvelope } from "../envelope.js";
import { messagesFor } from "../messages.js";

export const AlertAccepted = z.object({
  /** null for a recovery alert that matched no open incident. */
  incident_id: z.string().nullable(),
  status: z.literal("accepted"),
  message: z.string(),
  outcome: z.enum(["created", "deduplicated", "recovered"]),
  occurrences: z.number().int(),
});

/** The alert route; posting an alert creates (or updates) an Incident, so it needs `create incidents`. */
export const alertRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.post(
    "/api/alert",
    {
      config: { access: { verb: "create", resource: "incidents" } },
      schema: { querystring: noQuery,
        tags: ["alerts"],
        summary: "Receive an alert and start the workflow",
        body: AlertInputSchema.strict(),
        response: { 200: okEnvelope(AlertAccepted), ...errorResponses },
      },
    },
    async (request) => {
      const result = await deps.intake.receive(request.body);
      const m = messagesFor(deps.locale());
      request.log.info({ incident: result.incidentId, outcome: result.outcome }, "alert received");
      return {
        success: true as const,
        data: {
          incident_id: result.incidentId || null,
          status: "accepted" as const,
          message: result.outcome === "recovered" ? m.alertRecovered : m.alertAccepted,
          outcome: result.outcome,
          occurrences: result.occurrences,
        },
      };
    },
  );
  done();
};
