/** The words that name what fails (reasons, conditions), used as the knowledge-base query. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "./evidence.js";
import { targetEvents } from "./facts/events.js";
import { isNodeNotReady, pressureConditions } from "./facts/nodes.js";
import { containerStatusesOf } from "./facts/pods.js";

/** Reasons every healthy container passes through; they would only dilute the query. */
const ROUTINE = new Set(["", "ContainerCreating", "PodInitializing", "Completed"]);
const MAX_WORDS = 10;

function containerWords(pod: V1Pod): string[] {
  return containerStatusesOf(pod).flatMap((cs) => [
    cs.state?.waiting?.reason ?? "",
    cs.state?.terminated?.reason ?? "",
    cs.lastState?.terminated?.reason ?? "",
  ]);
}

function deploymentWords(e: Evidence): string[] {
  const conditions = e.deployment?.status?.conditions ?? [];
  return conditions
    .filter((c) => (c.type === "ReplicaFailure" ? c.status === "True" : c.status === "False"))
    .map((c) => c.reason ?? "");
}

function nodeWords(e: Evidence): string[] {
  return e.nodes.flatMap((node) => [
    ...(isNodeNotReady(node) ? ["NodeNotReady"] : []),
    ...pressureConditions(node).map((c) => c.type),
  ]);
}

/** Distinct failure words, most specific first: container reasons, pod reasons, events, conditions. */
export function failureWords(e: Evidence): string[] {
  const words = [
    ...e.pods.flatMap(containerWords),
    ...e.pods.map((p) => p.status?.reason ?? ""),
    ...targetEvents(e)
      .filter((ev) => ev.type === "Warning")
      .map((ev) => ev.reason ?? ""),
    ...deploymentWords(e),
    ...nodeWords(e),
  ];
  return [...new Set(words.filter((w) => !ROUTINE.has(w)))].slice(0, MAX_WORDS);
}
