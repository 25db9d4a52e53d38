/**
 * Argument schemas shared by the remediation plugins, so that every plugin
 * rejects a malformed object name before it reaches the apiserver.
 */
import { z } from "zod";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name (an RFC 1123 label). */
export const namespaceArg = z.string().max(63).regex(dnsLabel).describe("Namespace of the object");

/** The name of a namespaced or cluster-scoped object (an RFC 1123 subdomain). */
export function objectNameArg(what: string): z.ZodString {
  return z.string().max(253).regex(dnsSubdomain).describe(`Name of the ${what}`);
}

/** A container of a pod template; optional because most workloads have only one. */
export const containerArg = z
  .string()
  .max(63)
  .regex(dnsLabel)
  .optional()
  .describe("Container name; may be omitted when the pod template has exactly one container");
