/**
 * Which tool calls to make next, given what is known so far. Pure: the gatherer calls it
 * each round with the evidence and the calls already made, and stops when it returns nothing.
 */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence, Target } from "./evidence.js";
import { mapSelectorString, selectorString } from "../../lib/kube/label-selector.js";
import { claimNamesOf, isUnscheduled, podName, rankFailingPods } from "./facts/pods.js";
import { readNamespaceOf as namespaceOf } from "./facts/target.js";
import { workloadOf } from "./facts/workload.js";
import { failureWords } from "./failure-words.js";

/** One plugin call: its tool name and snake_case arguments. */
export interface ToolCall {
  tool: string;
  args: Record<string, unknown>;
}

/** Identifies a call, so that the same call is never made twice. */
export const callKey = (call: ToolCall): string => `${call.tool}${JSON.stringify(call.args)}`;

const call = (tool: string, args: Record<string, unknown>): ToolCall => ({ tool, args });

/** The most pods described, scheduled-checked, nodes and claims looked at, per tool. */
export const DETAIL_LIMIT = 3;

type SubjectPlanner = (e: Evidence, done: ReadonlySet<string>) => ToolCall[];

function deploymentCalls(e: Evidence, done: ReadonlySet<string>): ToolCall[] {
  const namespace = namespaceOf(e.target);
  const describe = call("describe_deployment", { namespace, deployment_name: e.target.name });
  if (e.deployment !== undefined) {
    return [describe, call("list_pods", { namespace, label_selector: selectorString(e.deployment.spec?.selector) })];
  }
  // Without the selector, every pod of the namespace is listed and those named after the Deployment kept.
  return done.has(callKey(describe)) ? [describe, call("list_pods", { namespace })] : [describe];
}

/** describe_pod brings the pod's owners as read from the cluster; podDetailCalls then describes its Deployment. */
const podCalls = (e: Evidence): ToolCall[] => [call("describe_pod", { namespace: namespaceOf(e.target), pod_name: e.target.name })];

function nodeCalls(e: Evidence, done: ReadonlySet<string>): ToolCall[] {
  const describe = call("describe_node", { node_name: e.target.name });
  // describe_node is expected to bring the node's pods; if it does not, list the incident's namespace.
  const needPods = done.has(callKey(describe)) && e.pods.length === 0 && e.target.namespace !== undefined;
  return needPods ? [describe, call("list_pods", { namespace: e.target.namespace })] : [describe];
}

function serviceCalls(e: Evidence): ToolCall[] {
  const namespace = namespaceOf(e.target);
  const endpoints = call("get_service_endpoints", { namespace, service_name: e.target.name });
  const selector = mapSelectorString(e.service?.spec?.selector);
  return selector === "" ? [endpoints] : [endpoints, call("list_pods", { namespace, label_selector: selector })];
}

const pvcCalls = (e: Evidence): ToolCall[] => [
  call("describe_pvc", { namespace: namespaceOf(e.target), pvc_name: e.target.name }),
  call("list_pods", { namespace: namespaceOf(e.target) }),
];

const SUBJECT_PLANNERS: Partial<Record<Target["kind"], SubjectPlanner>> = {
  Deployment: deploymentCalls,
  Pod: podCalls,
  Node: nodeCalls,
  Service: serviceCalls,
  PersistentVolumeClaim: pvcCalls,
};

/** Calls that establish the target and find its pods. */
function subjectCalls(e: Evidence, done: ReadonlySet<string>): ToolCall[] {
  const planner = SUBJECT_PLANNERS[e.target.kind];
  return planner === undefined ? [call("list_pods", { namespace: namespaceOf(e.target) })] : planner(e, done);
}

const doneCount = (done: ReadonlySet<string>, tool: string): number =>
  [...done].filter((key) => key.startsWith(`${tool}{`)).length;

/** The calls not made yet, up to what is left of the tool's detail budget. */
function withinBudget(calls: ToolCall[], done: ReadonlySet<string>): ToolCall[] {
  const fresh = calls.filter((c) => !done.has(callKey(c)));
  const tool = calls[0]?.tool;
  return tool === undefined ? [] : fresh.slice(0, Math.max(0, DETAIL_LIMIT - doneCount(done, tool)));
}

/** The calls without repeats, in the order they were first planned. */
const uniqueCalls = (calls: ToolCall[]): ToolCall[] => [...new Map(calls.map((c) => [callKey(c), c])).values()];
const unique = (values: string[]): string[] => [...new Set(values)];
const podNamespace = (e: Evidence, pod: V1Pod): string => pod.metadata?.namespace ?? namespaceOf(e.target);

/**
 * describe_deployment for the Deployments that own failing pods (as read from the cluster): it
 * brings their ReplicaSets, which the rollout checks need even when describe_pod brought the Deployment.
 */
function ownerCalls(e: Evidence, failing: V1Pod[]): ToolCall[] {
  const owners = failing.flatMap((p) => {
    const w = workloadOf(e, p);
    return w?.kind === "Deployment" ? [w] : [];
  });
  return owners.map((w) => call("describe_deployment", { namespace: w.namespace, deployment_name: w.name }));
}
const podArgs = (e: Evidence, pod: V1Pod): Record<string, unknown> => ({ namespace: podNamespace(e, pod), pod_name: podName(pod) });

/** Calls that look closer at the worst pods: the pods, their scheduling, nodes and claims. */
function podDetailCalls(e: Evidence, done: ReadonlySet<string>): ToolCall[] {
  const failing = rankFailingPods(e.pods);
  const pending = failing.filter(isUnscheduled);
  const knownNodes = new Set(e.nodes.map((n) => n.metadata?.name));
  const nodes = unique(failing.flatMap((p) => p.spec?.nodeName ?? [])).filter((n) => !knownNodes.has(n));
  const knownClaims = new Set(e.pvcs.map((c) => c.metadata?.name));
  const claims = pending.flatMap((p) => claimNamesOf(p).map((claim) => ({ namespace: podNamespace(e, p), claim })));
  return [
    ...withinBudget(failing.map((p) => call("describe_pod", podArgs(e, p))), done),
    ...withinBudget(uniqueCalls(ownerCalls(e, failing)), done),
    ...withinBudget(pending.map((p) => call("check_pod_scheduling", podArgs(e, p))), done),
    ...withinBudget(nodes.map((n) => call("describe_node", { node_name: n })), done),
    ...withinBudget(
      claims.filter((c) => !knownClaims.has(c.claim)).map((c) => call("describe_pvc", { namespace: c.namespace, pvc_name: c.claim })),
      done,
    ),
  ];
}

function eventsCall(target: Target): ToolCall {
  if (target.kind === "Pod") {
    return call("get_events", { namespace: namespaceOf(target), name: target.name, kind: "Pod" });
  }
  // The kubelet records Node events in the default namespace.
  if (target.kind === "Node") return call("get_events", { namespace: "default", name: target.name, kind: "Node" });
  return call("get_events", { namespace: namespaceOf(target) });
}

/** The argument get_configmap_secret_refs takes for the target kinds it supports. */
const REFS_ARG: Partial<Record<Target["kind"], string>> = { Deployment: "deployment_name", Pod: "pod_name" };

/** Calls about the target's surroundings: events, config references, quotas. */
function contextCalls(target: Target): ToolCall[] {
  const namespace = namespaceOf(target);
  const refsArg = REFS_ARG[target.kind];
  const refs = refsArg === undefined ? [] : [call("get_configmap_secret_refs", { namespace, [refsArg]: target.name })];
  const quotas = target.kind === "Node" ? [] : [call("get_resource_quotas", { namespace })];
  return [eventsCall(target), ...refs, ...quotas];
}


/**
 * The calls to make now. The knowledge search waits until everything else is in, so that it
 * searches once, with every failure word the other tools turned up.
 */
export function planCalls(e: Evidence, done: ReadonlySet<string>): ToolCall[] {
  const pending = uniqueCalls([...subjectCalls(e, done), ...podDetailCalls(e, done), ...contextCalls(e.target)]).filter(
    (c) => !done.has(callKey(c)),
  );
  if (pending.length > 0) return pending;
  const words = failureWords(e);
  if (words.length === 0 || doneCount(done, "search_knowledge") > 0) return [];
  return [call("search_knowledge", { query: words.join(" ") })];
}
