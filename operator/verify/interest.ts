/**
 * Which watched objects matter to a verifying incident, pure: its plan's
 * subjects by name, the pods their selectors pick, a Service's
 * EndpointSlices, and the nodes of a pressure cause.
 */
import type { KubernetesObject, V1LabelSelector } from "@kubernetes/client-node";
import { isEmptySelector, matchesSelector } from "../../lib/kube/label-selector.js";
import type { VerificationPlan } from "./subjects.js";
import type { Subject } from "./types.js";

/** Kinds verification watches. */
export type WatchedKind = "Deployment" | "StatefulSet" | "DaemonSet" | "Pod" | "Service" | "EndpointSlice" | "Node";

/** One watched collection: a kind in a namespace, or nodes. */
export interface Collection {
  kind: WatchedKind;
  namespace?: string;
}

/** Something a verifying incident wants to be woken for. */
export type Interest =
  | { kind: "object"; collection: Collection; name: string }
  /** Pods of `owner`'s namespace that its selector picks (all of them until its selector is known). */
  | { kind: "pods_of"; namespace: string; owner: { kind: "Deployment" | "StatefulSet" | "DaemonSet" | "Service"; name: string } }
  | { kind: "slices_of"; namespace: string; service: string }
  | { kind: "any_node" };

/** Looks up a cached object's selector: the workload's, or a Service's as a label selector. */
export type SelectorLookup = (kind: WatchedKind, namespace: string, name: string) => V1LabelSelector | undefined;

/** "Pod/shop", "Node/": the key of a collection. */
export const collectionKey = (c: Collection): string => `${c.kind}/${c.namespace ?? ""}`;

function subjectInterests(s: Subject): Interest[] {
  const namespace = s.namespace ?? "default";
  switch (s.kind) {
    case "Node":
      return [{ kind: "object", collection: { kind: "Node" }, name: s.name }];
    case "Pod":
      return [{ kind: "object", collection: { kind: "Pod", namespace }, name: s.name }];
    case "Service":
      return [
        { kind: "object", collection: { kind: "Service", namespace }, name: s.name },
        { kind: "slices_of", namespace, service: s.name },
        { kind: "pods_of", namespace, owner: { kind: "Service", name: s.name } },
      ];
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
      return [
        { kind: "object", collection: { kind: s.kind, namespace }, name: s.name },
        { kind: "pods_of", namespace, owner: { kind: s.kind, name: s.name } },
      ];
    default:
      return [];
  }
}

/** What an incident with `plan` wants to be woken for. */
export function interestsOf(plan: VerificationPlan): Interest[] {
  const subjects = [...(plan.target ? [plan.target] : []), ...plan.others];
  const interests = subjects.flatMap(subjectInterests);
  if (plan.cause && plan.cause.nodes.length === 0) interests.push({ kind: "any_node" });
  return interests;
}

/** The collection an interest is fed by. */
export function collectionOf(i: Interest): Collection {
  switch (i.kind) {
    case "object":
      return i.collection;
    case "pods_of":
      return { kind: "Pod", namespace: i.namespace };
    case "slices_of":
      return { kind: "EndpointSlice", namespace: i.namespace };
    case "any_node":
      return { kind: "Node" };
  }
}

/** The collections an owner's selector is read from, besides the pods themselves. */
export const ownerCollection = (i: Extract<Interest, { kind: "pods_of" }>): Collection => ({ kind: i.owner.kind, namespace: i.namespace });

function podSelected(i: Extract<Interest, { kind: "pods_of" }>, obj: KubernetesObject, lookup: SelectorLookup): boolean {
  const selector = lookup(i.owner.kind, i.namespace, i.owner.name);
  // Not cached yet (or gone): any pod of the namespace may matter. An empty selector picks no pod.
  if (selector === undefined) return true;
  return !isEmptySelector(selector) && matchesSelector(obj.metadata?.labels, selector);
}

/** True when a change of `obj` in collection `c` matters to interest `i`. */
export function isRelevant(i: Interest, c: Collection, obj: KubernetesObject, lookup: SelectorLookup): boolean {
  if (collectionKey(collectionOf(i)) !== collectionKey(c)) return false;
  switch (i.kind) {
    case "object":
      return obj.metadata?.name === i.name;
    case "pods_of":
      return podSelected(i, obj, lookup);
    case "slices_of":
      return obj.metadata?.labels?.["kubernetes.io/service-name"] === i.service;
    case "any_node":
      return true;
  }
}

interface NodeLike {
  spec?: { unschedulable?: boolean };
  status?: { conditions?: { type: string; status: string }[] };
}

/** A node's conditions as a string: heartbeats rewrite the node every few seconds without changing it. */
export const nodeSignature = (node: NodeLike): string =>
  `${node.spec?.unschedulable === true}|${(node.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort().join(",")}`;
