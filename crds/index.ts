export * from "./common.js";
export * from "./incident.js";
export * from "./plugin.js";
export * from "./knowledge-entry.js";
export { CATEGORY, buildCrd } from "./crd.js";
import { incidentKind } from "./incident.js";
import { knowledgeEntryKind } from "./knowledge-entry.js";
import { pluginKind } from "./plugin.js";

/** Every kind kubefix defines, in the order their CRDs are installed. */
export const allKinds = [incidentKind, pluginKind, knowledgeEntryKind] as const;
