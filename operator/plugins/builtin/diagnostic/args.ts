/** Argument schemas shared by the diagnostic plugins; descriptions are what the LLM reads. */
import { z } from "zod";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name (an RFC 1123 label). */
export const namespaceArg = z.string().max(63).regex(dnsLabel).describe("Kubernetes namespace");

/** The name of one object of kind `what`. */
export function nameArg(what: string): z.ZodString {
  return z.string().max(253).regex(dnsSubdomain).describe(`Name of the ${what}`);
}

/** An optional label selector in the apiserver's syntax. */
export const labelSelectorArg = z
  .string()
  .max(1024)
  .optional()
  .describe('Label selector, e.g. "app=web,tier in (frontend,backend)"; all objects when omitted');
