/** The Deployment a plugin acts on, named from its arguments. */
import type { NamespacedRef } from "./outcome.js";

/** The ref of the Deployment named by `namespace` and `deployment_name`. */
export function deploymentRef(a: { namespace: string; deployment_name: string }): NamespacedRef {
  return { kind: "Deployment", namespace: a.namespace, name: a.deployment_name };
}
