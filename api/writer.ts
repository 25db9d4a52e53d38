/** Writes (and read-after-write fallbacks) that go straight to the apiserver. */
import type { KubeConfig } from "@kubernetes/client-node";
import { isApiStatus } from "../lib/kube/client.js";
import { KindClient } from "../lib/kube/kind-client.js";
import { INCIDENTS, KNOWLEDGE_ENTRIES, type Incident, type IncidentInput, type KnowledgeEntry, type KnowledgeEntryInput } from "../lib/resources.js";
import type { ResourceWriter } from "./deps.js";
import { bounded } from "./upstream.js";

const orUndefined = async <T>(read: Promise<T>): Promise<T | undefined> => {
  try {
    return await read;
  } catch (err) {
    if (isApiStatus(err, 404)) return undefined;
    throw err;
  }
};

/** The apiserver side of the facade, in the install namespace. */
export function kubeWriter(kc: KubeConfig, namespace: string): ResourceWriter {
  const incidents = new KindClient<Incident, IncidentInput>(kc, INCIDENTS, namespace);
  const knowledge = new KindClient<KnowledgeEntry, KnowledgeEntryInput>(kc, KNOWLEDGE_ENTRIES, namespace);
  return {
    getIncident: (name) => bounded("get incident", orUndefined(incidents.get(name))),
    patchIncident: (name, patch) => bounded("patch incident", incidents.patch(name, patch)),
    getKnowledge: (name) => bounded("get knowledge entry", orUndefined(knowledge.get(name))),
    createKnowledge: (body) => bounded("create knowledge entry", knowledge.create(body as KnowledgeEntryInput)),
    patchKnowledge: (name, patch) => bounded("patch knowledge entry", knowledge.patch(name, patch)),
    deleteKnowledge: async (name) => {
      try {
        await bounded("delete knowledge entry", knowledge.delete(name));
        return true;
      } catch (err) {
        if (isApiStatus(err, 404)) return false;
        throw err;
      }
    },
  };
}
