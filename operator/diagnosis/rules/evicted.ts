/** evicted_node_pressure: the kubelet evicted pods because its node ran short of memory or disk. */
import type { CoreV1Event, V1Node, V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describePod } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { describeNodeCondition, nodeName, pressureConditions } from "../facts/nodes.js";
import { isEvicted } from "../facts/pods.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./types.js";

interface EvictedMessages {
  conclusion: (resource: string) => string;
  rootCause: (pods: number, nodes: string, resource: string) => string;
  evicted: (pods: number) => string;
  pressure: (node: string) => string;
  lowAtEviction: string;
  events: string;
  relieve: (nodes: string, resource: string) => string;
  cleanUp: string;
  description: (pods: number, namespaces: string) => string;
  step: (namespace: string) => string;
  rollback: string;
}

const MESSAGES: Record<Locale, EvictedMessages> = {
  zh: {
    conclusion: (r) => `节点资源压力（${r}）导致 Pod 被驱逐`,
    rootCause: (n, nodes, r) => `节点 ${nodes} 的 ${r} 不足，kubelet 驱逐了 ${n} 个 Pod`,
    evicted: (n) => `${n} 个 Pod 被驱逐（phase=Failed reason=Evicted）`,
    pressure: (node) => `节点 ${node} 处于资源压力状态`,
    lowAtEviction: "驱逐时节点资源不足",
    events: "驱逐事件",
    relieve: (nodes, r) => `缓解节点 ${nodes} 的 ${r} 压力：调整 Pod 的 requests/limits、清理磁盘或扩容节点`,
    cleanUp: "清理被驱逐的 Pod 记录",
    description: (n, ns) => `删除命名空间 ${ns} 中被驱逐的 Pod 记录（${n} 个）`,
    step: (ns) => `删除命名空间 ${ns} 中被驱逐的 Pod`,
    rollback: "删除的只是已终止的 Pod 记录，无需回滚；工作负载控制器已经按副本数重建 Pod",
  },
  en: {
    conclusion: (r) => `Pods evicted under node pressure (${r})`,
    rootCause: (n, nodes, r) => `Node ${nodes} ran short of ${r}; the kubelet evicted ${n} pods`,
    evicted: (n) => `${n} pods were evicted (phase=Failed reason=Evicted)`,
    pressure: (node) => `Node ${node} is under resource pressure`,
    lowAtEviction: "The node was short of resources at eviction",
    events: "Eviction events",
    relieve: (nodes, r) => `Relieve the ${r} pressure on node ${nodes}: adjust pod requests/limits, free disk, or add nodes`,
    cleanUp: "Delete the evicted pods' records",
    description: (n, ns) => `Delete the records of ${n} evicted pods in namespace ${ns}`,
    step: (ns) => `Delete the evicted pods in namespace ${ns}`,
    rollback: "Only records of terminated pods are deleted, nothing to roll back; their controllers have already replaced them",
  },
};

/** The resource the eviction message names: "The node was low on resource: memory." or "had condition: [DiskPressure]". */
export function evictedResource(pods: V1Pod[]): string {
  const message = pods.map((p) => p.status?.message ?? "").join(" ");
  const low = /low on resource: ([\w-]+)/.exec(message)?.[1];
  return low ?? /had condition: \[(\w+)\]/.exec(message)?.[1] ?? "memory/disk";
}

function pressureFindings(nodes: V1Node[], evicted: V1Pod[], m: EvictedMessages): Finding[] {
  const pressured = nodes.filter((n) => pressureConditions(n).length > 0);
  if (pressured.length === 0) {
    return [finding(m.lowAtEviction, evicted.slice(0, 3).map((p) => `pod ${p.metadata?.name ?? "?"}: ${p.status?.message ?? ""}`), "describe_pod")];
  }
  return pressured.map((n) => finding(m.pressure(nodeName(n)), pressureConditions(n).map((c) => describeNodeCondition(n, c)), "describe_node"));
}

/** Cleans up in the namespaces the evicted pods are in, as the cluster reported them; never a namespace derived from the target. */
function cleanUpProposal(evicted: V1Pod[], m: EvictedMessages): ProposalDraft {
  const namespaces = [...new Set(evicted.flatMap((p) => p.metadata?.namespace ?? []))].slice(0, 5);
  return {
    description: m.description(evicted.length, namespaces.join(", ")),
    steps: namespaces.map((namespace) => ({ plugin: "delete_evicted_pods", parameters: { namespace }, description: m.step(namespace) })),
    riskLevel: "low",
    estimatedDuration: "1m",
    rollbackPlan: m.rollback,
  };
}

function matchFromPods(e: Evidence, evicted: V1Pod[], m: EvictedMessages): RuleMatch {
  const names = new Set(evicted.flatMap((p) => p.spec?.nodeName ?? []));
  const nodes = e.nodes.filter((n) => names.has(nodeName(n)));
  const resource = evictedResource(evicted);
  const nodeList = [...names].join(", ") || "?";
  const events = findEvents(e, { reason: "Evicted" });
  return {
    mode: "evicted_node_pressure",
    confidence: nodes.some((n) => pressureConditions(n).length > 0) ? 0.9 : 0.8,
    conclusion: m.conclusion(resource),
    rootCause: m.rootCause(evicted.length, nodeList, resource),
    findings: [
      finding(m.evicted(evicted.length), evicted.slice(0, 5).map(describePod), "list_pods"),
      ...pressureFindings(nodes, evicted, m),
      ...(events.length > 0 ? [finding(m.events, describeEvents(events), "get_events")] : []),
    ],
    suggestedActions: [m.relieve(nodeList, resource), m.cleanUp],
    proposal: cleanUpProposal(evicted, m),
  };
}

function matchFromEvents(events: CoreV1Event[], m: EvictedMessages): RuleMatch {
  const first = events[0];
  const resource = /low on resource: ([\w-]+)/.exec(first?.message ?? "")?.[1] ?? "memory/disk";
  const node = first?.source?.host ?? "?";
  return {
    mode: "evicted_node_pressure",
    confidence: 0.7,
    conclusion: m.conclusion(resource),
    rootCause: m.rootCause(events.length, node, resource),
    findings: [finding(m.events, describeEvents(events), "get_events")],
    suggestedActions: [m.relieve(node, resource)],
  };
}

/** Detects evicted pods: with the node's pressure condition seen (0.9) or without (0.8); events only (0.7, nothing to clean up). */
export function detectEvictedNodePressure(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const evicted = e.pods.filter(isEvicted);
  if (evicted.length > 0) return matchFromPods(e, evicted, m);
  const events = findEvents(e, { reason: "Evicted" });
  return events.length === 0 ? undefined : matchFromEvents(events, m);
}
