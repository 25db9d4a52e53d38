/**
 * The environment context: the services (with their dependencies), the
 * infrastructure and the alert definitions that give a diagnosis its
 * background. Services are strict, so a misspelt field is reported rather
 * than silently dropped; infrastructure takes extra scalar facts (region,
 * cloud, version) beside the documented ones. Pure.
 */
import { z } from "zod";
import type { Locale } from "./value-kinds.js";

const name = z.string().trim().min(1).max(253);

export const ServiceContext = z.strictObject({
  name,
  namespace: z.string().trim().min(1).max(63).optional(),
  dependencies: z.array(name).default([]),
});

export const InfrastructureContext = z
  .object({
    cluster: z.string().trim().min(1).optional(),
    nodes: z.number().int().min(0).optional(),
    databases: z.array(name).optional(),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

export const EnvironmentContext = z.strictObject({
  services: z.array(ServiceContext).default([]),
  infrastructure: InfrastructureContext.default({}),
  /** Severity -> what it means here, e.g. critical: "影响用户访问的严重问题". */
  alert_definitions: z.record(z.string().trim().min(1), z.string()).default({}),
});
export type EnvironmentContext = z.infer<typeof EnvironmentContext>;

/** The context of a cluster nobody has described yet. */
export const emptyEnvironmentContext = (): EnvironmentContext => ({ services: [], infrastructure: {}, alert_definitions: {} });

/** One refused part of a context; `field` is a dotted path such as `services.0.name`. */
export interface ContextIssue {
  field: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ["字符串", "a string"],
  number: ["数字", "a number"],
  int: ["整数", "an integer"],
  boolean: ["布尔值", "a boolean"],
  array: ["数组", "an array"],
  object: ["对象", "an object"],
  record: ["对象", "an object"],
};

function typeMessage(issue: Extract<Issue, { code: "invalid_type" }>, locale: Locale): string {
  const [zh, en] = TYPE_NAMES[issue.expected] ?? [issue.expected, issue.expected];
  if (issue.input === undefined) return locale === "zh" ? "必填" : "is required";
  return locale === "zh" ? `必须是${zh}` : `must be ${en}`;
}

const SIZE_TEXT = {
  zh: { string: ["长度不能少于", "长度不能超过"], other: ["不能小于", "不能大于"] },
  en: { string: ["must have at least", "must have at most"], other: ["must be at least", "must be at most"] },
};

function sizeMessage(issue: Extract<Issue, { code: "too_small" | "too_big" }>, locale: Locale): string {
  const small = issue.code === "too_small";
  const limit = String(small ? issue.minimum : issue.maximum);
  const isString = issue.origin === "string";
  if (isString && small && limit === "1") return locale === "zh" ? "不能为空" : "must not be empty";
  const text = SIZE_TEXT[locale][isString ? "string" : "other"][small ? 0 : 1];
  const unit = isString ? (locale === "zh" ? " 个字符" : " characters") : "";
  return `${text} ${limit}${unit}`;
}

const UNION_MESSAGE = { zh: "必须是字符串、数字、布尔值或字符串数组", en: "must be a string, number, boolean or array of strings" };

function issueMessage(issue: Issue, locale: Locale): string {
  switch (issue.code) {
    case "invalid_type":
      return typeMessage(issue, locale);
    case "too_small":
    case "too_big":
      return sizeMessage(issue, locale);
    case "invalid_union":
      return UNION_MESSAGE[locale];
    case "invalid_key":
      return locale === "zh" ? "键不能为空" : "the key must not be empty";
    default:
      return issue.message;
  }
}

// The whole document has no path; "body" matches what validateSettingsUpdate calls it.
const dotted = (path: readonly PropertyKey[]): string => (path.length === 0 ? "body" : path.map(String).join("."));

/** Zod issues as `{field, message}` in `locale`; an unknown field is named in `field`. */
export function contextIssues(issues: readonly Issue[], locale: Locale): ContextIssue[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: dotted([...issue.path, key]), message: locale === "zh" ? "未知字段" : "unknown field" }))
      : [{ field: dotted(issue.path), message: issueMessage(issue, locale) }],
  );
}

// Two entries for one service would give a diagnosis two different dependency lists to believe.
function duplicateServices(ctx: EnvironmentContext, locale: Locale): ContextIssue[] {
  const seen = new Set<string>();
  return ctx.services.flatMap((s, i) => {
    const id = `${s.namespace ?? ""}/${s.name}`;
    if (!seen.has(id)) {
      seen.add(id);
      return [];
    }
    return [{ field: `services.${i}.name`, message: locale === "zh" ? `服务 ${s.name} 重复` : `service ${s.name} appears twice` }];
  });
}

export type ContextValidation = { ok: true; context: EnvironmentContext } | { ok: false; issues: ContextIssue[] };

/** Checks a context sent by a client or read from the cluster. */
export function validateEnvironmentContext(input: unknown, locale: Locale = "zh"): ContextValidation {
  // reportInput tells a missing field (input undefined) from one of the wrong type.
  const parsed = EnvironmentContext.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: contextIssues(parsed.error.issues, locale) };
  const duplicates = duplicateServices(parsed.data, locale);
  return duplicates.length > 0 ? { ok: false, issues: duplicates } : { ok: true, context: parsed.data };
}
