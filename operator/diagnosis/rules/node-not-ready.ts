/** node_not_ready: the target's node, or a node its pods run on, stopped reporting Ready. */
import type { V1Node, V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describePod } from "../facts/describe.js";
import { describeNodeCondition, isNodeNotReady, nodeCondition, nodeName } from "../facts/nodes.js";
import { podName } from "../facts/pods.js";
import { ownerKindOf } from "../facts/workload.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./types.js";

interface NodeMessages {
  conclusion: (nodes: string) => string;
  rootCause: (nodes: string, status: string) => string;
  notReady: (node: string) => string;
  movable: (n: number) => string;
  stuck: (n: number) => string;
  checkNode: (nodes: string) => string;
  escalatePods: (pods: string) => string;
  uncordonLater: string;
  description: (nodes: string) => string;
  step: (node: string) => string;
  rollback: (nodes: string) => string;
}

const MESSAGES: Record<Locale, NodeMessages> = {
  zh: {
    conclusion: (nodes) => `节点未就绪：${nodes}`,
    rootCause: (nodes, status) => `节点 ${nodes} 的 Ready 条件为 ${status}，其上的 Pod 无法正常运行`,
    notReady: (node) => `节点 ${node} 未就绪`,
    movable: (n) => `节点上 ${n} 个 Pod 属于 Deployment，控制器会在其他节点重建，无需删除`,
    stuck: (n) => `节点上 ${n} 个 Pod 不属于 Deployment（StatefulSet、独立 Pod 等），不会自动迁移`,
    checkNode: (nodes) => `检查节点 ${nodes} 的 kubelet、容器运行时和网络`,
    escalatePods: (pods) => `升级人工处理不属于 Deployment 的 Pod：${pods}`,
    uncordonLater: "节点恢复 Ready 后执行 uncordon 恢复调度",
    description: (nodes) => `封锁（cordon）未就绪的节点 ${nodes}，阻止新 Pod 调度上去`,
    step: (node) => `封锁节点 ${node}`,
    rollback: (nodes) => `节点恢复 Ready 后执行 uncordon_node 解除封锁（node_name=${nodes}）`,
  },
  en: {
    conclusion: (nodes) => `Node not ready: ${nodes}`,
    rootCause: (nodes, status) => `The Ready condition of node ${nodes} is ${status}; the pods on it cannot run normally`,
    notReady: (node) => `Node ${node} is not ready`,
    movable: (n) => `${n} pods on the node belong to Deployments; their controllers recreate them elsewhere, no deletion needed`,
    stuck: (n) => `${n} pods on the node do not belong to Deployments (StatefulSets, bare pods, ...) and will not move on their own`,
    checkNode: (nodes) => `Check the kubelet, container runtime and network of node ${nodes}`,
    escalatePods: (pods) => `Escalate the pods that do not belong to Deployments: ${pods}`,
    uncordonLater: "Uncordon the node once it is Ready again",
    description: (nodes) => `Cordon the not-ready node ${nodes} so that no new pods are scheduled onto it`,
    step: (node) => `Cordon node ${node}`,
    rollback: (nodes) => `Once the node is Ready again, run uncordon_node (node_name=${nodes})`,
  },
};

function notReadyNodes(e: Evidence): V1Node[] {
  const used = new Set(e.pods.map((p) => p.spec?.nodeName));
  const relevant = (n: V1Node): boolean => (e.target.kind === "Node" ? nodeName(n) === e.target.name : used.has(nodeName(n)));
  return e.nodes.filter((n) => relevant(n) && isNodeNotReady(n));
}

/** The owner, read from the cluster, decides: a Deployment's pods are recreated elsewhere, a DaemonSet's are tied to their node. */
const isMovable = (e: Evidence, pod: V1Pod): boolean => ownerKindOf(e, pod) === "Deployment";
const isStuck = (e: Evidence, pod: V1Pod): boolean => !isMovable(e, pod) && ownerKindOf(e, pod) !== "DaemonSet";

function podFindings(e: Evidence, pods: V1Pod[], m: NodeMessages): Finding[] {
  const movable = pods.filter((p) => isMovable(e, p));
  const stuck = pods.filter((p) => isStuck(e, p));
  return [
    ...(movable.length > 0 ? [finding(m.movable(movable.length), movable.slice(0, 5).map(describePod), "list_pods")] : []),
    ...(stuck.length > 0 ? [finding(m.stuck(stuck.length), stuck.slice(0, 5).map((p) => `${describePod(p)} owner=${ownerKindOf(e, p)}`), "list_pods")] : []),
  ];
}

function cordonProposal(nodes: V1Node[], m: NodeMessages): ProposalDraft | undefined {
  const names = nodes.filter((n) => n.spec?.unschedulable !== true).map(nodeName);
  if (names.length === 0) return undefined;
  return {
    description: m.description(names.join(", ")),
    steps: names.map((node_name) => ({ plugin: "cordon_node", parameters: { node_name }, description: m.step(node_name) })),
    // Cordoning several nodes at once points at a cluster-wide problem a human should look at first.
    riskLevel: names.length === 1 ? "medium" : "high",
    estimatedDuration: "1m",
    rollbackPlan: m.rollback(names.join(", ")),
  };
}

/** Detects a not-ready node: the incident's own node (0.95) or one its pods run on (0.9); proposes cordoning it. */
export function detectNodeNotReady(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const nodes = notReadyNodes(e);
  if (nodes.length === 0) return undefined;
  const names = nodes.map(nodeName).join(", ");
  const onNodes = new Set(nodes.map(nodeName));
  const pods = e.pods.filter((p) => onNodes.has(p.spec?.nodeName ?? ""));
  const stuck = pods.filter((p) => isStuck(e, p)).map(podName);
  const proposal = cordonProposal(nodes, m);
  return {
    mode: "node_not_ready",
    confidence: e.target.kind === "Node" ? 0.95 : 0.9,
    conclusion: m.conclusion(names),
    rootCause: m.rootCause(names, nodes.map((n) => nodeCondition(n, "Ready")?.status ?? "?").join("/")),
    findings: [
      ...nodes.map((n) => finding(m.notReady(nodeName(n)), [describeNodeCondition(n, nodeCondition(n, "Ready") ?? { type: "Ready", status: "?" })], "describe_node")),
      ...podFindings(e, pods, m),
    ],
    suggestedActions: [m.checkNode(names), ...(stuck.length > 0 ? [m.escalatePods(stuck.slice(0, 10).join(", "))] : []), m.uncordonLater],
    ...(proposal === undefined ? {} : { proposal }),
  };
}
