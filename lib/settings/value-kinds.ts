/**
 * The kinds of value a setting can hold. Each kind has one zod schema that
 * accepts both what a client sends as JSON and the string stored in the
 * ConfigMap, so a hand-edited map is read by the same rules as a PUT.
 */
import { z } from "zod";

export type Locale = "zh" | "en";
export type SettingValue = string | number | boolean | string[];

/** How one kind of value is accepted, stored and described. */
export interface ValueKind {
  /** Accepts the JSON value of a PUT and the stored string; outputs the typed value. */
  schema: z.ZodType<SettingValue>;
  /** The string kept in ConfigMap or Secret data; `schema` reads it back to the same value. */
  encode(value: SettingValue): string;
  /** What a valid value looks like, said to the client when a value is refused. */
  expectation: Record<Locale, string>;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const numeric = z.union([z.number(), z.string().trim().regex(NUMERIC).transform(Number)]);

export interface NumberBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

const describeNumber = ({ min, max, integer }: NumberBounds): Record<Locale, string> => {
  const [zhNoun, enNoun] = integer ? ["整数", "an integer"] : ["数字", "a number"];
  if (min !== undefined && max !== undefined) {
    return { zh: `必须是 ${min} 到 ${max} 之间的${zhNoun}`, en: `must be ${enNoun} from ${min} to ${max}` };
  }
  if (min !== undefined) return { zh: `必须是不小于 ${min} 的${zhNoun}`, en: `must be ${enNoun} of at least ${min}` };
  return { zh: `必须是${zhNoun}`, en: `must be ${enNoun}` };
};

/** A number, sent as a JSON number or a numeric string. */
export function numberKind(bounds: NumberBounds): ValueKind {
  let n = z.number();
  if (bounds.integer) n = n.int();
  if (bounds.min !== undefined) n = n.min(bounds.min);
  if (bounds.max !== undefined) n = n.max(bounds.max);
  return { schema: numeric.pipe(n), encode: String, expectation: describeNumber(bounds) };
}

/** true or false, as JSON booleans or the strings "true"/"false". */
export const booleanKind: ValueKind = {
  schema: z.union([z.boolean(), z.string().trim().toLowerCase().pipe(z.enum(["true", "false"])).transform((s) => s === "true")]),
  encode: String,
  expectation: { zh: "必须是 true 或 false", en: "must be true or false" },
};

/** One of a fixed set of strings. */
export function enumKind(values: readonly [string, ...string[]]): ValueKind {
  return {
    schema: z.enum(values),
    encode: String,
    expectation: { zh: `必须是以下之一: ${values.join(", ")}`, en: `must be one of: ${values.join(", ")}` },
  };
}

export interface ListOptions {
  /** Each item must match; defaults to any text without a comma. */
  item?: RegExp;
  expectation?: Record<Locale, string>;
}

const splitList = (s: string): string[] => s.split(",");

/** A list of strings: a JSON array or a comma-separated string; stored comma-separated, so items hold no comma. */
export function listKind(opts: ListOptions = {}): ValueKind {
  const item = z.string().regex(opts.item ?? /^[^,]+$/);
  return {
    schema: z
      .union([z.array(z.string()), z.string().transform(splitList)])
      .transform((items) => items.map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(item)),
    encode: (value) => (Array.isArray(value) ? value.join(",") : String(value)),
    expectation: opts.expectation ?? {
      zh: "必须是字符串数组或逗号分隔的字符串（列表项不能包含逗号）",
      en: "must be an array of strings or a comma-separated string (items may not contain commas)",
    },
  };
}

/** Non-empty text up to `max` characters, optionally matching a pattern. */
export function textKind(opts: { max?: number; pattern?: RegExp; expectation?: Record<Locale, string> } = {}): ValueKind {
  const max = opts.max ?? 1024;
  let text = z.string().trim().min(1).max(max);
  if (opts.pattern) text = text.regex(opts.pattern);
  return {
    schema: text,
    encode: String,
    expectation: opts.expectation ?? { zh: `必须是 1 到 ${max} 个字符的字符串`, en: `must be a string of 1 to ${max} characters` },
  };
}

/** An http or https URL. */
export const urlKind: ValueKind = {
  schema: z.string().trim().pipe(z.url({ protocol: /^https?$/ })),
  encode: String,
  expectation: { zh: "必须是 http 或 https 地址", en: "must be an http or https URL" },
};

/** A secret: non-empty text that is not the mask GET shows, so a masked value sent back is refused, not stored. */
export const secretKind: ValueKind = textKind({
  max: 4096,
  pattern: /[^*]/,
  expectation: { zh: "必须是非空字符串（不能是掩码 ******）", en: "must be a non-empty string (not the mask ******)" },
});
