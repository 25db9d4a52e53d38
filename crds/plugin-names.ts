/** Tool names (snake_case, as the REST API and an LLM see them) and Plugin resource names. */

/** The Plugin resource name of a tool name: Kubernetes names cannot contain "_". */
export const resourceNameOf = (toolName: string): string => toolName.replaceAll("_", "-");
/** The tool name of a Plugin resource name. */
export const toolNameOf = (resourceName: string): string => resourceName.replaceAll("-", "_");
