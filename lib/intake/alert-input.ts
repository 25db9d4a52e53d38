import { z } from "zod";

/** The most characters of an alert message, the same bound as the Incident's `spec.alert.message`. */
export const MAX_MESSAGE_CHARS = 16_384;
// Alert payloads carry a handful of labels; the bound keeps a hostile body from bloating the resource.
const MAX_LABELS = 64;

/** An alert as `POST /api/alert` receives it, plus optional structured labels (e.g. from Alertmanager). */
export interface AlertInput {
  message: string;
  sender_id?: string;
  chat_id?: string;
  timestamp?: string;
  labels?: Record<string, string>;
}

/** One rejected field: its dotted path in the body and why. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Thrown for an alert body that fails validation; the REST layer maps it to 400 VALIDATION_ERROR. */
export class IntakeValidationError extends Error {
  readonly code = "VALIDATION_ERROR";

  constructor(readonly issues: readonly FieldIssue[]) {
    super(`invalid alert: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`);
    this.name = "IntakeValidationError";
  }
}

/** The alert body's fields; the REST route uses it strictly, so unknown fields are named and refused. */
export const AlertInputSchema = z.object({
  message: z
    .string()
    .max(MAX_MESSAGE_CHARS)
    .refine((message) => message.trim() !== "", "must not be empty"),
  sender_id: z.string().max(256).optional(),
  chat_id: z.string().max(256).optional(),
  timestamp: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" }).optional(),
  labels: z
    .record(z.string().min(1).max(256), z.string().max(1024))
    .refine((labels) => Object.keys(labels).length <= MAX_LABELS, `at most ${MAX_LABELS} labels`)
    .optional(),
});

/** Checks an alert body and returns it with unknown fields dropped; throws IntakeValidationError naming each bad field. */
export function validateAlertInput(body: unknown): AlertInput {
  const result = AlertInputSchema.safeParse(body);
  if (result.success) return result.data;
  throw new IntakeValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join(".") || "(body)",
      message: issue.message,
    })),
  );
}
