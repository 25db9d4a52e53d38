/** Where to read a target's objects. Only for reads: a proposal takes its namespace from the failing pods' owners. */
import type { Target } from "../evidence.js";

/** The namespace to read a namespaced target in: a Namespace is its own; a missing namespace reads "default", as kubectl does. */
export function readNamespaceOf(target: Target): string {
  if (target.kind === "Namespace") return target.name;
  return target.namespace ?? "default";
}
