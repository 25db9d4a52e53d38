/** Why the scheduler cannot place a pod, read from its PodScheduled condition or FailedScheduling events. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { findEvents } from "./events.js";
import { isUnscheduled, podCondition, podName } from "./pods.js";

/** The families of scheduler predicates the rules tell apart. */
export type SchedulingBlocker = "resources" | "taints" | "selector" | "pvc" | "other";

/** One clause of a scheduler message, e.g. "2 Insufficient cpu". */
export interface BlockerItem {
  blocker: SchedulingBlocker;
  /** How many nodes the clause rules out; undefined when the clause names no count. */
  nodes?: number;
  text: string;
}

/** A pod the scheduler could not place, and why. */
export interface SchedulingFailure {
  pod: string;
  message: string;
  source: "condition" | "event";
  items: BlockerItem[];
}

const CLASSIFIERS: [RegExp, SchedulingBlocker][] = [
  [/^Insufficient |Too many pods/i, "resources"],
  [/untolerated taint|had taint|were unschedulable/i, "taints"],
  [/didn't match (Pod's )?node (affinity|selector)|affinity\/selector|didn't match pod (anti-)?affinity/i, "selector"],
  [/unbound (immediate )?PersistentVolumeClaims|persistentvolumeclaim "[^"]*" not found/i, "pvc"],
];

const classify = (text: string): SchedulingBlocker => CLASSIFIERS.find(([re]) => re.test(text))?.[1] ?? "other";

function parseItem(clause: string): BlockerItem {
  const match = /^(\d+) (.*)$/.exec(clause.trim());
  const text = (match?.[2] ?? clause).trim();
  return match === null ? { blocker: classify(text), text } : { blocker: classify(text), nodes: Number(match[1]), text };
}

/** The clauses of "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {...}. preemption: ...". */
export function parseSchedulingMessage(message: string): BlockerItem[] {
  const head = /\d+\/\d+ nodes are available:\s*/.exec(message);
  const body = head === null ? message : message.slice(head.index + head[0].length);
  const clauses = (body.split(/\.\s*preemption:/)[0] ?? "").replace(/\.\s*$/, "");
  return clauses
    .split(/,\s(?=\d+\s)/)
    .filter((c) => c.trim() !== "")
    .map(parseItem);
}

function failureOfPod(e: Evidence, pod: V1Pod): SchedulingFailure | undefined {
  const condition = podCondition(pod, "PodScheduled");
  const name = podName(pod);
  if (condition?.status === "False" && condition.message) {
    return { pod: name, message: condition.message, source: "condition", items: parseSchedulingMessage(condition.message) };
  }
  const event = findEvents(e, { reason: "FailedScheduling" }).find((ev) => ev.involvedObject.name === name);
  const message = event?.message;
  return message ? { pod: name, message, source: "event", items: parseSchedulingMessage(message) } : undefined;
}

/** Every unscheduled pod of the target with the scheduler's reasons. */
export function schedulingFailures(e: Evidence): SchedulingFailure[] {
  return e.pods.filter(isUnscheduled).flatMap((pod) => failureOfPod(e, pod) ?? []);
}
