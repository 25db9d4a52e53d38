/**
 * `POST /api/incidents/:id/approve` and `/reject`: beyond the reference,
 * for clients without Lark. Each ends as the same `spec.decisions` entry a
 * `kubectl patch` or a Lark card adds; the operator acts on it.
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { PHASES_BEFORE_EXECUTION, type Decision, type IncidentPhase } from "../../crds/index.js";
import { defaultConflictRetry, retryOnConflict } from "../../lib/controller/retry-on-conflict.js";
import type { Incident } from "../../lib/resources.js";
import { rfc3339 } from "../../lib/time.js";
import { nowOf, type ApiDeps } from "../deps.js";
import { noQuery } from "../schemas/common.js";
import { ApiError, errorResponses, messageEnvelope } from "../envelope.js";
import { messagesFor } from "../messages.js";
import { DecisionBody, DecisionResult, IncidentIdParams } from "../schemas/incident.js";

const MAX_DECISIONS = 64;
const WRITE_ATTEMPTS = 5;

type Verb = "approve" | "reject";

/** The decision an approve or reject stands for in this phase, or the reason it cannot be taken. */
export function decisionFor(verb: Verb, phase: IncidentPhase): Decision["action"] | "not_awaiting" | "already_executing" {
  if (verb === "reject") return PHASES_BEFORE_EXECUTION.includes(phase) ? "reject" : "already_executing";
  if (phase === "awaiting_approval") return "approve";
  if (phase === "awaiting_confirmation") return "confirm_diagnosis";
  return "not_awaiting";
}

const REFUSALS = { not_awaiting: "notAwaitingApproval", already_executing: "alreadyExecuting" } as const;

function checkRoomForDecision(incident: Incident): void {
  const recorded = incident.spec.decisions?.length ?? 0;
  // The phase may be about to change: an earlier decision the operator has not applied yet decides first.
  if (recorded > (incident.status?.processedDecisions ?? 0)) throw new ApiError("CONFLICT", "decisionPending");
  if (recorded >= MAX_DECISIONS) throw new ApiError("CONFLICT", "conflict");
}

function allowedAction(incident: Incident, verb: Verb): Decision["action"] {
  checkRoomForDecision(incident);
  const action = decisionFor(verb, incident.status?.phase ?? "new");
  if (action === "not_awaiting" || action === "already_executing") throw new ApiError("CONFLICT", REFUSALS[action]);
  return action;
}

function decisionOf(incident: Incident, verb: Verb, by: string, ctx: { comment?: string; seenRevision?: number; now: Date }): Decision {
  const action = allowedAction(incident, verb);
  const revision = incident.status?.proposal?.revision;
  if (ctx.seenRevision !== undefined && ctx.seenRevision !== revision) throw new ApiError("CONFLICT", "proposalChanged");
  return {
    action,
    by,
    via: "api",
    at: rfc3339(ctx.now),
    ...(ctx.comment ? { comment: ctx.comment } : {}),
    ...(action === "approve" && revision !== undefined ? { proposalRevision: revision } : {}),
  };
}

/** Appends the decision with the read resourceVersion as precondition; a concurrent write means read again. */
async function recordDecision(deps: ApiDeps, id: string, make: (incident: Incident) => Decision): Promise<Decision> {
  return retryOnConflict(async () => {
    // Straight from the apiserver: the decision is appended to what is there now, and a deleted incident takes none.
    const incident = await deps.writer.getIncident(id.toLowerCase());
    if (!incident?.metadata.resourceVersion) throw new ApiError("NOT_FOUND", "incidentNotFound");
    const decision = make(incident);
    await deps.writer.patchIncident(id.toLowerCase(), {
      metadata: { resourceVersion: incident.metadata.resourceVersion },
      spec: { decisions: [...(incident.spec.decisions ?? []), decision] },
    });
    return decision;
  }, { ...defaultConflictRetry, attempts: WRITE_ATTEMPTS });
}

/** The approve and reject routes. */
export const decisionRoutes: FastifyPluginCallbackZod<{ deps: ApiDeps }> = (app, { deps }, done) => {
  for (const verb of ["approve", "reject"] as const) {
    app.post(
      `/api/incidents/:id/${verb}`,
      {
        config: {
          access: (request) => ({
            verb: "update",
            resource: "incidents",
            subresource: "approval",
            name: String((request.params as { id?: string }).id ?? "").toLowerCase(),
          }),
        },
        schema: { querystring: noQuery,
          tags: ["approvals"],
          summary: verb === "approve" ? "Approve the proposal (or confirm the diagnosis)" : "Reject the incident's proposal",
          params: IncidentIdParams,
          body: DecisionBody,
          response: { 200: messageEnvelope(DecisionResult), ...errorResponses },
        },
      },
      async (request) => {
        const id = request.params.id.toUpperCase();
        // Decision.by holds 256 characters; long ServiceAccount names are cut, never refused.
        const by = (request.user?.username ?? "unknown").slice(0, 256);
        const now = nowOf(deps);
        const comment = request.body?.comment;
        const seenRevision = request.body?.proposal_revision;
        const decision = await recordDecision(deps, id, (incident) => decisionOf(incident, verb, by, { comment, seenRevision, now }));
        request.log.info({ incident: id, action: decision.action, by }, "decision recorded");
        return {
          success: true as const,
          message: messagesFor(deps.locale()).decisionRecorded,
          data: {
            incident_id: id,
            action: decision.action as "approve" | "confirm_diagnosis" | "reject",
            by,
            at: decision.at,
            comment: decision.comment ?? null,
            proposal_revision: decision.proposalRevision ?? null,
          },
        };
      },
    );
  }
  done();
};
