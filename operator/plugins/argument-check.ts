/** Validates a tool call's arguments against the plugin's schema, with messages that name the field. */
import type { z } from "zod";

export type ArgumentCheck<T> = { ok: true; args: T } | { ok: false; error: string };

/** Parses `raw` with `schema`; on failure lists each field and what is wrong with it. */
export function checkArguments<S extends z.ZodType>(schema: S, raw: unknown): ArgumentCheck<z.output<S>> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, args: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(arguments)";
    return `${field}: ${issue.message}`;
  });
  return { ok: false, error: `invalid arguments: ${problems.join("; ")}` };
}
