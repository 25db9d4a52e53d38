/** unschedulable_resources, unschedulable_taints, unschedulable_selector: the scheduler finds no node. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeTaints } from "../facts/nodes.js";
import { podName } from "../facts/pods.js";
import { schedulingFailures, type BlockerItem, type SchedulingFailure } from "../facts/scheduling.js";
import type { FailureMode } from "../failure-modes.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type RuleMatch } from "./types.js";

type Family = "resources" | "taints" | "selector";

const MODES: Record<Family, FailureMode> = {
  resources: "unschedulable_resources",
  taints: "unschedulable_taints",
  selector: "unschedulable_selector",
};

interface FamilyMessages {
  conclusion: (clauses: string) => string;
  finding: string;
  actions: string[];
}

interface UnschedulableMessages {
  families: Record<Family, FamilyMessages>;
  rootCause: (pod: string, message: string) => string;
  constraints: string;
}

const MESSAGES: Record<Locale, UnschedulableMessages> = {
  zh: {
    families: {
      resources: {
        conclusion: (c) => `资源不足，Pod 无法调度（${c}）`,
        finding: "调度器找不到资源足够的节点",
        actions: ["降低容器的 CPU/内存 requests，或为集群扩容节点", "检查是否有其他工作负载占用了过多资源"],
      },
      taints: {
        conclusion: (c) => `节点污点未被容忍，Pod 无法调度（${c}）`,
        finding: "候选节点带有 Pod 不容忍的 taint",
        actions: ["为 Pod 添加对应的 toleration，或移除节点上的 taint", "确认工作负载是否应该调度到这些节点"],
      },
      selector: {
        conclusion: (c) => `没有节点匹配 Pod 的节点选择器或亲和性（${c}）`,
        finding: "节点标签不满足 Pod 的 nodeSelector 或亲和性规则",
        actions: ["核对 nodeSelector / affinity 与节点标签", "为目标节点添加所需标签，或放宽亲和性规则"],
      },
    },
    rootCause: (pod, message) => `Pod ${pod} 一直处于 Pending，调度器报告：${message}`,
    constraints: "Pod 的调度约束与节点状况",
  },
  en: {
    families: {
      resources: {
        conclusion: (c) => `Pod unschedulable: insufficient resources (${c})`,
        finding: "The scheduler finds no node with enough free resources",
        actions: ["Lower the containers' CPU/memory requests, or add nodes to the cluster", "Check whether other workloads take more than their share"],
      },
      taints: {
        conclusion: (c) => `Pod unschedulable: untolerated node taints (${c})`,
        finding: "The candidate nodes carry taints the pod does not tolerate",
        actions: ["Add the matching toleration to the pod, or remove the taint from the nodes", "Confirm the workload belongs on those nodes"],
      },
      selector: {
        conclusion: (c) => `No node matches the pod's node selector or affinity (${c})`,
        finding: "No node's labels satisfy the pod's nodeSelector or affinity",
        actions: ["Compare the nodeSelector / affinity with the node labels", "Label the intended nodes, or relax the affinity rules"],
      },
    },
    rootCause: (pod, message) => `Pod ${pod} stays Pending; the scheduler reports: ${message}`,
    constraints: "The pod's scheduling constraints and the nodes",
  },
};

const nodesOf = (items: BlockerItem[]): number => items.reduce((sum, i) => sum + (i.nodes ?? Number.MAX_SAFE_INTEGER), 0);

/** True when no other family of clauses rules out more nodes than this one. */
function isDominant(failure: SchedulingFailure, family: Family): boolean {
  const own = nodesOf(failure.items.filter((i) => i.blocker === family));
  return failure.items.every((i) => i.blocker === family || nodesOf(failure.items.filter((o) => o.blocker === i.blocker)) <= own);
}

/** What check_pod_scheduling's per-node checks say about the nodes the pod's nodeSelector admits. */
type SelectorVerdict = "no-node" | "all-tainted";

/** A nodeSelector without node affinity, which the per-node checks do not evaluate. */
const plainSelector = (pod: V1Pod): boolean =>
  Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 && pod.spec?.affinity?.nodeAffinity === undefined;

/**
 * The scheduler files each node under the first check it fails, and taints come before the
 * nodeSelector, so its clause counts cannot tell a selector that matches no node from selected
 * nodes that are all tainted. The per-node checks can.
 */
function selectorVerdict(e: Evidence, pod: V1Pod | undefined): SelectorVerdict | undefined {
  if (pod === undefined || !plainSelector(pod)) return undefined;
  const fits = e.nodeFits.filter((f) => f.pod === podName(pod));
  if (fits.length === 0) return undefined;
  const selected = fits.filter((f) => f.matchesSelector);
  if (selected.length === 0) return "no-node";
  return selected.every((f) => f.cordoned || f.untoleratedTaints.length > 0) ? "all-tainted" : undefined;
}

/** True when the family keeps the pod off its nodes: the per-node checks decide, else the clause counts. */
function dominates(e: Evidence, failure: SchedulingFailure, family: Family, pod: V1Pod | undefined): boolean {
  const verdict = family === "resources" ? undefined : selectorVerdict(e, pod);
  if (verdict === undefined) return isDominant(failure, family);
  return family === (verdict === "no-node" ? "selector" : "taints");
}

/** The taints the checked nodes hold against the pod, e.g. "node pool-1: untoleratedTaints=[dedicated=gpu:NoSchedule] ...". */
const taintedFitLines = (e: Evidence, pod: string): string[] =>
  e.nodeFits
    .filter((f) => f.pod === pod && f.untoleratedTaints.length > 0)
    .map((f) => `node ${f.node}: untoleratedTaints=[${f.untoleratedTaints.join(", ")}] matchesSelector=${f.matchesSelector}`);

function placementLine(pod: V1Pod): string {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
  const tolerations = (pod.spec?.tolerations ?? []).map((t) => `${t.key ?? "*"}:${t.effect ?? "*"}`);
  const affinity = pod.spec?.affinity?.nodeAffinity === undefined ? "none" : "set";
  return `pod ${podName(pod)}: nodeSelector={${selector.join(",")}} nodeAffinity=${affinity} tolerations=[${tolerations.join(", ")}]`;
}

const requestLines = (pod: V1Pod): string[] =>
  (pod.spec?.containers ?? []).map(
    (c) => `pod ${podName(pod)} container ${c.name}: requests cpu=${c.resources?.requests?.cpu ?? "-"} memory=${c.resources?.requests?.memory ?? "-"}`,
  );

/** What the pod asks of a node: its selector, affinity, tolerations and requests. */
const podConstraints = (pod: V1Pod | undefined): string[] => (pod === undefined ? [] : [placementLine(pod), ...requestLines(pod)]);

function detectFamily(e: Evidence, family: Family, locale: Locale): RuleMatch | undefined {
  const failures = schedulingFailures(e).filter((f) => f.items.some((i) => i.blocker === family));
  const first = failures[0];
  if (first === undefined) return undefined;
  const m = MESSAGES[locale];
  const fm = m.families[family];
  const clauses = first.items.filter((i) => i.blocker === family).map((i) => i.text);
  const pod = e.pods.find((p) => podName(p) === first.pod);
  const nodes = family === "taints" ? [...e.nodes.filter((n) => (n.spec?.taints ?? []).length > 0).map(describeTaints), ...taintedFitLines(e, first.pod)] : [];
  const constraints = [...podConstraints(pod), ...nodes];
  return {
    mode: MODES[family],
    confidence: (first.source === "condition" ? 0.9 : 0.8) - (dominates(e, first, family, pod) ? 0 : 0.1),
    conclusion: fm.conclusion([...new Set(clauses)].join(", ")),
    rootCause: m.rootCause(first.pod, first.message),
    findings: [
      finding(fm.finding, failures.slice(0, 3).map((f) => `pod ${f.pod}: ${f.message}`), first.source === "condition" ? "describe_pod" : "get_events"),
      ...(constraints.length > 0 ? [finding(m.constraints, constraints, "check_pod_scheduling")] : []),
    ],
    suggestedActions: fm.actions,
  };
}

/** Detects "Insufficient cpu/memory" from the PodScheduled condition (0.9) or FailedScheduling events (0.8). */
export const detectUnschedulableResources = (e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined =>
  detectFamily(e, "resources", locale);

/** Detects untolerated taints, with the same bands; 0.1 less when other clauses rule out more nodes. */
export const detectUnschedulableTaints = (e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined =>
  detectFamily(e, "taints", locale);

/** Detects node selector or affinity mismatches, with the same bands. */
export const detectUnschedulableSelector = (e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined =>
  detectFamily(e, "selector", locale);
