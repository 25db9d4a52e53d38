/** One error handler and one not-found handler answer every failure in the documented envelope. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { apiStatusCode } from "../lib/kube/client.js";
import { IntakeValidationError } from "../lib/intake/intake.js";
import { ApiError, type ErrorCode, type ErrorEnvelope, type FieldIssue } from "./envelope.js";
import { messagesFor, type Locale, type MessageKey } from "./messages.js";
import { fieldIssuesOf } from "./validation.js";

interface Answer {
  status: number;
  code: ErrorCode;
  key: MessageKey;
  details?: FieldIssue[];
}

const BODY_ERRORS: Record<string, { status: number; key: MessageKey }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, key: "bodyTooLarge" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, key: "unsupportedMediaType" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, key: "invalidJson" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, key: "invalidJson" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, key: "invalidJson" },
};

function knownError(err: unknown, locale: Locale): Answer | undefined {
  if (err instanceof ApiError) return { status: err.statusCode, code: err.code, key: err.messageKey, details: err.details };
  if (err instanceof IntakeValidationError) {
    return { status: 400, code: "VALIDATION_ERROR", key: "validationFailed", details: [...err.issues] };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as { validationContext?: string }).validationContext;
    const details = err.validation.flatMap((issue) => fieldIssuesOf(issue, locale, context));
    return { status: 400, code: "VALIDATION_ERROR", key: "validationFailed", details };
  }
  return undefined;
}

function fastifyError(e: Partial<FastifyError>, locale: Locale): Answer | undefined {
  if (e.name === "AuthUnavailableError") {
    // Retryable: the apiserver did not answer; otherwise it refused the facade's own account (a deployment fault).
    const retryable = (e as { retryable?: boolean }).retryable !== false;
    return retryable ? { status: 503, code: "SERVICE_UNAVAILABLE", key: "unavailable" } : { status: 500, code: "INTERNAL_ERROR", key: "internal" };
  }
  const isJsonSyntax = e.name === "SyntaxError" && e.statusCode === 400;
  const body = BODY_ERRORS[e.code ?? ""] ?? (isJsonSyntax ? BODY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY : undefined);
  if (body) {
    const message = messagesFor(locale)[body.key] as string;
    return { status: body.status, code: "VALIDATION_ERROR", key: "validationFailed", details: [{ field: "body", message }] };
  }
  return clientError(e);
}

function clientError(e: Partial<FastifyError>): Answer | undefined {
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: "VALIDATION_ERROR", key: "validationFailed", details: [{ field: "request", message: e.message ?? "" }] };
  }
  return undefined;
}

interface StatusCause {
  field?: string;
  message?: string;
}

const UNAVAILABLE: Answer = { status: 503, code: "SERVICE_UNAVAILABLE", key: "unavailable" };

/** The fields the apiserver named in a 422, without the `spec.` the API's clients never see. */
function invalidFields(err: unknown): Answer {
  const body = (err as { body?: unknown }).body;
  let parsed: { details?: { causes?: StatusCause[] } } | undefined;
  try {
    parsed = typeof body === "string" ? (JSON.parse(body) as typeof parsed) : undefined;
  } catch {
    parsed = undefined;
  }
  const details = (parsed?.details?.causes ?? []).map((c) => ({ field: (c.field ?? "body").replace(/^spec\./, ""), message: c.message ?? "" }));
  return { status: 400, code: "VALIDATION_ERROR", key: "validationFailed", details };
}

/** The apiserver's refusal of a write, as the documented envelope; its own 5xx and 429 mean "try again". */
function apiserverError(err: unknown): Answer | undefined {
  const status = apiStatusCode(err);
  if (status === undefined) return (err as { name?: string }).name === "UpstreamTimeoutError" ? UNAVAILABLE : undefined;
  if (status === 404) return { status: 404, code: "NOT_FOUND", key: "notFound" };
  if (status === 409) return { status: 409, code: "CONFLICT", key: "conflict" };
  if (status === 422) return invalidFields(err);
  return status === 429 || status >= 500 ? UNAVAILABLE : undefined;
}

/** Maps anything a route or Fastify throws to a status, a code and details; the rest is a 500. */
export function answerFor(err: unknown, locale: Locale): Answer {
  return (
    knownError(err, locale) ??
    apiserverError(err) ??
    fastifyError(err as Partial<FastifyError>, locale) ?? { status: 500, code: "INTERNAL_ERROR", key: "internal" }
  );
}

/** The envelope of an answer. */
export function envelopeOf(answer: Answer, locale: Locale): ErrorEnvelope {
  const message = messagesFor(locale)[answer.key] as string;
  return { success: false, error: { code: answer.code, message, ...(answer.details ? { details: answer.details } : {}) } };
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance, locale: () => Locale): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(err, locale());
    if (answer.status >= 500) request.log.error({ err }, "request failed");
    return reply.code(answer.status).type("application/json; charset=utf-8").send(envelopeOf(answer, locale()));
  });
  app.setNotFoundHandler((_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(envelopeOf({ status: 404, code: "NOT_FOUND", key: "routeNotFound" }, locale())),
  );
}
