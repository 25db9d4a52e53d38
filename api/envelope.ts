/** The documented response envelopes and the typed errors routes throw. */
import { z } from "zod";
import type { MessageKey } from "./messages.js";

/** One rejected input field. */
export const FieldIssue = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ErrorCode = z.enum([
  "VALIDATION_ERROR",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "INTERNAL_ERROR",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `{ success: false, error: { code, message, details? } }` */
export const ErrorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({ code: ErrorCode, message: z.string(), details: z.array(FieldIssue).optional() }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** `{ success: true, data }` for a data schema. */
export const okEnvelope = <T extends z.ZodType>(data: T): z.ZodObject<{ success: z.ZodLiteral<true>; data: T }> =>
  z.object({ success: z.literal(true), data });

/** `{ success: true, message, data }`: the documented shape of writes such as PUT /api/config. */
export const messageEnvelope = <T extends z.ZodType>(
  data: T,
): z.ZodObject<{ success: z.ZodLiteral<true>; message: z.ZodString; data: T }> =>
  z.object({ success: z.literal(true), message: z.string(), data });

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
  413: ErrorEnvelope,
  415: ErrorEnvelope,
  429: ErrorEnvelope,
  500: ErrorEnvelope,
  503: ErrorEnvelope,
} as const;

const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** An error with a documented code; the error handler answers it in the envelope. */
export class ApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly details?: FieldIssue[],
    statusCode?: number,
  ) {
    super(messageKey);
    this.name = "ApiError";
    this.statusCode = statusCode ?? STATUS_OF[code];
  }
}

export const notFound = (key: MessageKey): ApiError => new ApiError("NOT_FOUND", key);
export const validationError = (details: FieldIssue[]): ApiError => new ApiError("VALIDATION_ERROR", "validationFailed", details);
