/** What the rule engine knows about an incident's target, and the loop that gathers it through the plugins. */
import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1ResourceQuota,
  V1Service,
} from "@kubernetes/client-node";
import type { IncidentSpec } from "../../crds/index.js";
import type { PodOwnership } from "../../lib/kube/owners.js";
import type { PluginResult } from "../plugins/types.js";
import { absorbResult } from "./evidence-merge.js";
import { callKey, planCalls, type ToolCall } from "./evidence-plan.js";
import type { FreshnessWindow } from "./freshness-window.js";

/** The workload or object an incident is about. */
export type Target = NonNullable<IncidentSpec["target"]>;

/** A ConfigMap or Secret (or one key of it) that a workload references but that does not exist. */
export interface MissingRef {
  kind: "ConfigMap" | "Secret";
  name: string;
  key?: string;
  usedBy?: string | string[];
}

/** A knowledge-base entry that search_knowledge found for the failure words. */
export interface KnowledgeHit {
  id: string;
  title: string;
  category?: string;
  score: number;
  excerpt?: string;
}

/** How one node compares with an unscheduled pod, as check_pod_scheduling checks it. */
export interface NodeFit {
  /** The pod that was checked. */
  pod: string;
  node: string;
  cordoned: boolean;
  untoleratedTaints: string[];
  /** The node carries every label of the pod's nodeSelector (node affinity is not checked). */
  matchesSelector: boolean;
}

/** A tool call that returned ok:false (or threw); the evidence it would have brought is missing. */
export interface ToolFailure {
  tool: string;
  args: Record<string, unknown>;
  error: string;
}

/** Everything gathered about a target; the rules read nothing else. */
export interface Evidence {
  target: Target;
  pods: V1Pod[];
  /** Newest first. */
  events: CoreV1Event[];
  /**
   * Who owns each pod looked at (its chain and top-level workload {kind, namespace, name, uid}),
   * read from the cluster by the plugins that return pods. A proposal writes only these workloads.
   */
  podOwners: PodOwnership[];
  /** The first Deployment described: the target's for a Deployment target. */
  deployment?: V1Deployment;
  /** Every Deployment described: the target's and the owners of failing pods. */
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
  nodes: V1Node[];
  /** check_pod_scheduling's per-node checks of the pods the scheduler cannot place. */
  nodeFits: NodeFit[];
  pvcs: V1PersistentVolumeClaim[];
  service?: V1Service;
  endpointSlices: V1EndpointSlice[];
  quotas: V1ResourceQuota[];
  missingRefs: MissingRef[];
  knowledge: KnowledgeHit[];
  toolFailures: ToolFailure[];
  /** Set on the fresh view the engine gives the rules (facts/freshness.ts); absent on raw evidence. */
  freshness?: FreshnessWindow;
}

/** Calls one plugin by tool name with snake_case arguments. */
export type CallTool = (name: string, args: Record<string, unknown>) => Promise<PluginResult>;

/** Evidence before any tool has been called. */
export function emptyEvidence(target: Target): Evidence {
  return {
    target,
    pods: [],
    events: [],
    podOwners: [],
    deployments: [],
    replicaSets: [],
    nodes: [],
    nodeFits: [],
    pvcs: [],
    endpointSlices: [],
    quotas: [],
    missingRefs: [],
    knowledge: [],
    toolFailures: [],
  };
}

/** Rounds of planning: target, its pods, their details, then the knowledge search. */
const MAX_ROUNDS = 6;
/** A bound on the calls per incident, whatever the planner asks for. */
const MAX_CALLS = 24;

const missingResult: PluginResult = { ok: false, summary: "no result", error: "no result" };

/** A failure is a value here too: a plugin that throws must not abort the diagnosis. */
async function callSafely(callTool: CallTool, call: ToolCall): Promise<PluginResult> {
  try {
    return await callTool(call.tool, call.args);
  } catch (err) {
    return { ok: false, summary: `${call.tool} threw`, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Calls the tools the planner asks for, round by round, until it asks for nothing new. */
export async function gatherEvidence(target: Target, callTool: CallTool): Promise<Evidence> {
  let evidence = emptyEvidence(target);
  const done = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const calls = planCalls(evidence, done).slice(0, MAX_CALLS - done.size);
    if (calls.length === 0) break;
    for (const call of calls) done.add(callKey(call));
    const results = await Promise.all(calls.map((call) => callSafely(callTool, call)));
    evidence = calls.reduce((acc, call, i) => absorbResult(acc, call, results[i] ?? missingResult), evidence);
  }
  return evidence;
}
