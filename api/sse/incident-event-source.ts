/**
 * Feeds the hub from a watch of Incidents. It remembers, per incident, the
 * highest timeline sequence already published, so the adds and updates an
 * informer re-sends after a restart or re-list publish only what is new.
 */
import type { Incident } from "../../lib/resources.js";
import { eventsAfter, highestSequence } from "./derive-events.js";
import type { EventHub } from "./event-hub.js";

/** The part of ResilientInformer this needs. */
export interface IncidentWatch {
  on(listener: (event: "add" | "update" | "delete", obj: Incident) => void): void;
  list(): readonly Incident[];
}

interface Published {
  /** A re-created incident with the same name is another incident; its timeline starts again at 1. */
  uid: string | undefined;
  sequence: number;
}

const keyOf = (inc: Incident): string => `${inc.metadata.namespace ?? ""}/${inc.metadata.name ?? ""}`;

/** What was already published of `inc`: the remembered sequence, unless the name now belongs to another object. */
function publishedSoFar(seen: Map<string, Published>, inc: Incident): number {
  const entry = seen.get(keyOf(inc));
  return entry && entry.uid === inc.metadata.uid ? entry.sequence : 0;
}

/**
 * Publishes the SSE events of every incident change into `hub`. Incidents
 * already in `watch.list()` are a baseline whose history is not replayed, so
 * call this after the informer's first sync; incidents added later publish
 * their whole timeline (usually just `incident_created`).
 */
export function attachIncidentEvents(watch: IncidentWatch, hub: EventHub): void {
  const seen = new Map<string, Published>();
  for (const inc of watch.list()) seen.set(keyOf(inc), { uid: inc.metadata.uid, sequence: highestSequence(inc) });
  watch.on((event, inc) => {
    const key = keyOf(inc);
    if (event === "delete") {
      if (seen.get(key)?.uid === inc.metadata.uid) seen.delete(key);
      return;
    }
    const since = publishedSoFar(seen, inc);
    for (const e of eventsAfter(since, inc)) hub.publish(e);
    seen.set(key, { uid: inc.metadata.uid, sequence: Math.max(since, highestSequence(inc)) });
  });
}
