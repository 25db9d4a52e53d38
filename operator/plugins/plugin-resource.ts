/** The Plugin resource a built-in plugin is published as. */
import { z } from "zod";
import { API_VERSION } from "../../crds/index.js";
import type { PluginInput } from "../../lib/resources.js";
import { resourceNameOf, type BuiltinPlugin } from "./types.js";

/** Labels that mark a Plugin resource as shipped by the operator. */
export const BUILTIN_LABELS = { "app.kubernetes.io/managed-by": "kubefix", "kubefix.io/builtin": "true" };

/** The JSON schema of a plugin's arguments, as the REST API and the LLM see it. */
export function parametersSchemaOf(plugin: BuiltinPlugin): Record<string, unknown> {
  const schema = z.toJSONSchema(plugin.args, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** Builds the Plugin resource of a built-in plugin. */
export function pluginResourceOf(plugin: BuiltinPlugin, namespace: string): PluginInput {
  return {
    apiVersion: API_VERSION,
    kind: "Plugin",
    metadata: { name: resourceNameOf(plugin.name), namespace, labels: { ...BUILTIN_LABELS } },
    spec: {
      description: plugin.description,
      category: plugin.category,
      parameters: parametersSchemaOf(plugin),
      riskLevel: plugin.riskLevel,
      requiresApproval: plugin.requiresApproval,
      timeoutSeconds: plugin.timeoutSeconds,
      enabled: true,
      implementation: { type: "builtin", builtin: plugin.name },
    },
  };
}
