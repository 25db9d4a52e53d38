/**
 * Kubernetes resource quantities ("250m", "1.5Gi", "2e3"): checked before a
 * request is sent, and compared so a summary can say "raised" or "lowered".
 */
import { z } from "zod";

/**
 * The apiserver's quantity grammar restricted to non-negative values, since
 * requests and limits cannot be negative: a decimal number, then a binary SI
 * suffix, a decimal SI suffix, or a decimal exponent.
 */
export const QUANTITY_PATTERN = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

const binarySuffix: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffix: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** True when `text` is a valid non-negative Kubernetes quantity. */
export function isQuantity(text: string): boolean {
  return text.length <= 64 && QUANTITY_PATTERN.test(text);
}

/** The numeric value of a quantity (cores or bytes), or undefined when it is not one. */
export function quantityValue(text: string): number | undefined {
  if (!isQuantity(text)) return undefined;
  const match = /^([\d.]+)(.*)$/.exec(text);
  if (!match) return undefined;
  const [, digits = "", suffix = ""] = match;
  const multiplier = binarySuffix[suffix] ?? decimalSuffix[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number(digits) * multiplier;
}

/** A zod schema for a quantity argument. */
export function quantityArg(description: string): z.ZodOptional<z.ZodString> {
  return z
    .string()
    .refine(isQuantity, { message: "must be a Kubernetes quantity such as 250m, 512Mi or 2" })
    .optional()
    .describe(description);
}
