/**
 * Turns schema validation issues (zod's, as fastify-type-provider-zod hands
 * them over) into the documented `details: [{ field, message }]`, in the
 * configured language.
 */
import type { FieldIssue } from "./envelope.js";
import { messagesFor, type Locale, type MessageKey } from "./messages.js";

/** An issue as fastify-type-provider-zod reports it in `error.validation`. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

const fieldOf = (instancePath: string, context: string | undefined): string => {
  const path = instancePath.replace(/^\//, "").replaceAll("/", ".");
  if (path) return path;
  return context === "querystring" ? "query" : (context ?? "body");
};

/** One issue as a documented detail; unknown keys become one detail per key. */
export function fieldIssuesOf(issue: SchemaIssue, locale: Locale, context?: string): FieldIssue[] {
  const m = messagesFor(locale);
  const field = fieldOf(issue.instancePath, context);
  if (issue.keyword === "unrecognized_keys") {
    const keys = Array.isArray(issue.params.keys) ? (issue.params.keys as string[]) : [];
    return keys.map((key) => ({ field: field === "body" || field === "query" ? key : `${field}.${key}`, message: m.unknownField }));
  }
  return [{ field, message: messageOf(issue, locale) }];
}

type Catalog = ReturnType<typeof messagesFor>;
type Params = Record<string, unknown>;

const BY_CODE: Record<string, (m: Catalog, p: Params) => string> = {
  invalid_type: (m, p) => m.wrongType(String(p.expected)),
  invalid_value: (m, p) => m.oneOf(Array.isArray(p.values) ? p.values.map(String).join(", ") : ""),
  too_small: (m, p) => m.tooShort(String(p.minimum)),
  too_big: (m, p) => m.tooLong(String(p.maximum)),
  invalid_format: (m, p) => m.badFormat(String(p.format)),
};

/** The message of one issue: a catalog key set by the schema, or one built from the issue's code. */
export function messageOf(issue: SchemaIssue, locale: Locale): string {
  const m = messagesFor(locale);
  const text = issue.message ?? "";
  const keyed = text.startsWith("msg:") ? m[text.slice(4) as MessageKey] : undefined;
  if (typeof keyed === "string") return keyed;
  if (issue.keyword === "invalid_type" && /received undefined/.test(text)) return m.required;
  const byCode = BY_CODE[issue.keyword];
  if (byCode) return byCode(m, issue.params);
  return locale === "en" && text ? text : m.invalid;
}
