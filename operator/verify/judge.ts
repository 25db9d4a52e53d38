/**
 * The judgement of one verification, pure: every planned subject's
 * observation is judged by its kind, and the incident is healthy only when
 * all of them are (the target, the workloads the steps wrote, the cause).
 */
import type { V1DaemonSet, V1Deployment, V1EndpointSlice, V1Node, V1Pod, V1ReplicaSet, V1Service, V1StatefulSet } from "@kubernetes/client-node";
import { matchesSelector } from "../../lib/kube/label-selector.js";
import { pressureGone, nodeHealth } from "./node-judgement.js";
import { isTerminalPod, podProblem, podsControlledBy, type JudgeClock } from "./pod-judgement.js";
import { serviceHealth } from "./service-judgement.js";
import { deletedOnPurpose, type VerificationPlan } from "./subjects.js";
import { healthy, subjectName, unhealthy, type Health, type Subject } from "./types.js";
import { daemonSetHealth, deploymentHealth, statefulSetHealth } from "./workload-judgement.js";

/** What the gatherer read for one subject. */
export type Observation =
  | { kind: "Deployment"; deployment: V1Deployment; replicaSets: V1ReplicaSet[]; pods: V1Pod[] }
  | { kind: "StatefulSet"; statefulSet: V1StatefulSet; pods: V1Pod[] }
  | { kind: "DaemonSet"; daemonSet: V1DaemonSet; pods: V1Pod[] }
  | { kind: "Pod"; pod?: V1Pod }
  | { kind: "Node"; node: V1Node }
  | { kind: "Service"; service: V1Service; slices: V1EndpointSlice[]; pods: V1Pod[] }
  /** Every node, for a pressure cause whose nodes the record does not name. */
  | { kind: "Nodes"; nodes: V1Node[] }
  /** The object could not be read (gone, forbidden, an error): never healthy. */
  | { kind: "unreadable"; message: string };

const uidOf = (o: { metadata?: { uid?: string } }): string => o.metadata?.uid ?? "";

/** The Deployment's own pods: those of the ReplicaSets it controls that its selector picks. */
export function deploymentPods(d: V1Deployment, replicaSets: readonly V1ReplicaSet[], pods: readonly V1Pod[]): V1Pod[] {
  const owned = replicaSets.filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller === true && o.uid === uidOf(d)));
  const selected = pods.filter((p) => matchesSelector(p.metadata?.labels, d.spec?.selector));
  return podsControlledBy(selected, new Set(owned.map(uidOf)));
}

const ownPods = (w: V1StatefulSet | V1DaemonSet, pods: readonly V1Pod[]): V1Pod[] =>
  podsControlledBy(pods.filter((p) => matchesSelector(p.metadata?.labels, w.spec?.selector)), new Set([uidOf(w)]));

function allNodesFree(nodes: readonly V1Node[]): Health {
  const pressed = nodes.map(pressureGone).filter((h) => !h.healthy);
  if (pressed.length > 0) return unhealthy(`pods were evicted under node pressure: ${pressed.map((h) => h.message).join("; ")}`);
  return healthy(`pods were evicted under node pressure; none of ${nodes.length} nodes reports pressure now`);
}

function goneTargetPod(subject: Subject, plan: VerificationPlan): Health {
  const ns = subject.namespace ?? "default";
  // The workload a step wrote in the pod's namespace: the owner the diagnosis named, whose new pods replace this one.
  const owners = plan.others.filter((o) => o.role === "written" && o.kind !== "Node" && o.kind !== "Pod" && o.namespace === ns);
  if (owners.length > 0) return healthy(`pod ${subject.name} is gone; judged by ${owners.map(subjectName).join(", ")}`);
  if (!deletedOnPurpose(plan, ns, subject.name)) {
    return unhealthy(`pod ${subject.name} no longer exists and no step of this incident deleted it or wrote its workload; a human should confirm`);
  }
  if (plan.cause) return healthy(`pod ${subject.name} was deleted by a step; judged by its cause`);
  return unhealthy(`pod ${subject.name} was deleted by a step, and nothing recorded shows that what made it fail is gone; a human should confirm`);
}

function podHealth(pod: V1Pod | undefined, subject: Subject, plan: VerificationPlan, clock: JudgeClock): Health {
  // A pod being deleted is as good as gone: it is not what will run from now on.
  if (!pod || (isTerminalPod(pod) && pod.status?.phase !== "Failed")) {
    return subject.role === "target" ? goneTargetPod(subject, plan) : unhealthy(`pod ${subject.name} is gone`);
  }
  const problem = podProblem(pod, clock);
  return problem ? unhealthy(problem) : healthy(`pod ${subject.name} is Ready, no restart in the last ${clock.stableSeconds}s`);
}

/** Judges one subject from its observation. */
export function judgeSubject(subject: Subject, obs: Observation, plan: VerificationPlan, clock: JudgeClock): Health {
  switch (obs.kind) {
    case "Deployment":
      return deploymentHealth(obs.deployment, deploymentPods(obs.deployment, obs.replicaSets, obs.pods), clock);
    case "StatefulSet":
      return statefulSetHealth(obs.statefulSet, ownPods(obs.statefulSet, obs.pods), clock);
    case "DaemonSet":
      return daemonSetHealth(obs.daemonSet, ownPods(obs.daemonSet, obs.pods), clock);
    case "Pod":
      return podHealth(obs.pod, subject, plan, clock);
    case "Node":
      return subject.role === "cause" ? pressureGone(obs.node) : nodeHealth(obs.node);
    case "Service":
      return serviceHealth(obs.service, obs.slices, obs.pods.filter((p) => matchesSelector(p.metadata?.labels, { matchLabels: obs.service.spec?.selector ?? {} })), clock);
    case "Nodes":
      return allNodesFree(obs.nodes);
    case "unreadable":
      return unhealthy(obs.message);
  }
}

const MAX_MESSAGE = 1000;
const clip = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);

/** The incident's health: healthy only when every judged subject is; the message names the problems first. */
export function combineHealth(judged: readonly Health[]): Health {
  if (judged.length === 0) return unhealthy("nothing to verify");
  const bad = judged.filter((h) => !h.healthy);
  if (bad.length > 0) return unhealthy(clip(bad.slice(0, 3).map((h) => h.message).join("; ")));
  return healthy(clip(judged.map((h) => h.message).join("; ")));
}
