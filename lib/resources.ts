/** Typed kubefix resources, from the same zod schemas that generate the CRDs. */
import type { V1ObjectMeta } from "@kubernetes/client-node";
import type { z } from "zod";
import {
  API_VERSION,
  incidentKind,
  knowledgeEntryKind,
  pluginKind,
  type IncidentSpec,
  type IncidentStatus,
  type KnowledgeSpec,
  type KnowledgeStatus,
  type PluginSpec,
  type PluginStatus,
} from "../crds/index.js";

export interface Resource<Spec, Status> {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta;
  spec: Spec;
  status?: Status;
}

/** A resource as read back from the apiserver, with defaults applied. */
export type Incident = Resource<IncidentSpec, IncidentStatus>;
export type Plugin = Resource<PluginSpec, PluginStatus>;
export type KnowledgeEntry = Resource<KnowledgeSpec, KnowledgeStatus>;

/** What a client sends on create: fields with defaults may be left out. */
export type IncidentInput = Resource<z.input<typeof incidentKind.spec>, IncidentStatus>;
export type PluginInput = Resource<z.input<typeof pluginKind.spec>, PluginStatus>;
export type KnowledgeEntryInput = Resource<z.input<typeof knowledgeEntryKind.spec>, KnowledgeStatus>;

/** How to address one kind through the custom-objects API. */
export interface KindRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

const refOf = (k: { group: string; version: string; plural: string; kind: string }): KindRef => ({
  group: k.group,
  version: k.version,
  plural: k.plural,
  kind: k.kind,
});

/** The namespaced collection URL of a kind, as informers list and watch it. */
export const collectionPath = (ref: KindRef, namespace: string): string =>
  `/apis/${ref.group}/${ref.version}/namespaces/${namespace}/${ref.plural}`;

export const INCIDENTS = refOf(incidentKind);
export const PLUGINS = refOf(pluginKind);
export const KNOWLEDGE_ENTRIES = refOf(knowledgeEntryKind);
export { API_VERSION };
