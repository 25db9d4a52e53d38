/** oom_killed: the kernel killed a container for exceeding its memory limit. */
import type { V1ContainerStatus, V1ResourceRequirements } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeContainer } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { allContainers, byTargetThenRestarts, podContainerSpec, type PodContainer } from "../facts/pods.js";
import { deploymentNameOf, namespaceOf } from "../facts/workload.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { proposeMemoryIncrease, type MemoryIncrease } from "../quantity.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./types.js";

interface OomMessages {
  conclusion: string;
  rootCause: (container: string, limit: string | undefined) => string;
  rootCauseFromEvents: string;
  limitReached: string;
  noLimit: string;
  lastRestart: string;
  backOff: string;
  fromEvents: string;
  increaseLimit: string;
  checkLeak: string;
  setLimit: string;
  atCap: (limit: string) => string;
  description: (deployment: string, container: string, inc: MemoryIncrease) => string;
  step: (container: string, inc: MemoryIncrease) => string;
  rollback: (container: string, inc: MemoryIncrease) => string;
}

const MESSAGES: Record<Locale, OomMessages> = {
  zh: {
    conclusion: "OOMKilled",
    rootCause: (c, limit) =>
      limit === undefined
        ? `容器 ${c} 没有内存 limit，被 OOM Killer 终止（exitCode 137）后反复重启`
        : `容器 ${c} 的内存使用达到 limit（${limit}），被 OOM Killer 终止（exitCode 137）后反复重启`,
    rootCauseFromEvents: "事件显示容器因内存超限被终止（OOMKilled），Pod 状态中未见直接记录",
    limitReached: "容器内存使用达到 limit",
    noLimit: "容器没有设置内存 limit",
    lastRestart: "最近一次重启原因是 OOMKilled",
    backOff: "容器反复重启，kubelet 正在退避",
    fromEvents: "事件中出现 OOMKilled",
    increaseLimit: "增加内存 limit",
    checkLeak: "检查应用是否存在内存泄漏或突发的内存占用",
    setLimit: "为容器设置合理的内存 request 和 limit",
    atCap: (limit) => `内存 limit 已为 ${limit}，达到自动调整上限 4Gi，需人工评估应用内存占用`,
    description: (d, c, inc) => `将 Deployment ${d} 中容器 ${c} 的内存 limit 从 ${inc.fromLimit} 提高到 ${inc.toLimit}`,
    step: (c, inc) => `设置容器 ${c} 的内存 limit 为 ${inc.toLimit}${inc.toRequest ? `，request 为 ${inc.toRequest}` : ""}`,
    rollback: (c, inc) => `将容器 ${c} 的内存 limit 恢复为 ${inc.fromLimit}（set_container_resources memory_limit=${inc.fromLimit}）`,
  },
  en: {
    conclusion: "OOMKilled",
    rootCause: (c, limit) =>
      limit === undefined
        ? `Container ${c} has no memory limit; the OOM killer terminated it (exit code 137) and it keeps restarting`
        : `Container ${c} reached its memory limit (${limit}); the OOM killer terminated it (exit code 137) and it keeps restarting`,
    rootCauseFromEvents: "Events show a container killed for exceeding its memory (OOMKilled); the pod status does not record it",
    limitReached: "The container's memory usage reached its limit",
    noLimit: "The container has no memory limit",
    lastRestart: "The last restart was caused by OOMKilled",
    backOff: "The container keeps restarting and the kubelet is backing off",
    fromEvents: "Events mention OOMKilled",
    increaseLimit: "Increase the memory limit",
    checkLeak: "Check the application for a memory leak or bursts of memory use",
    setLimit: "Give the container a sensible memory request and limit",
    atCap: (limit) => `The memory limit is already ${limit}, at or above the 4Gi automatic cap; a human must assess the memory use`,
    description: (d, c, inc) => `Raise the memory limit of container ${c} in Deployment ${d} from ${inc.fromLimit} to ${inc.toLimit}`,
    step: (c, inc) => `Set the memory limit of container ${c} to ${inc.toLimit}${inc.toRequest ? ` and its request to ${inc.toRequest}` : ""}`,
    rollback: (c, inc) => `Restore the memory limit of container ${c} to ${inc.fromLimit} (set_container_resources memory_limit=${inc.fromLimit})`,
  },
};

const isOomKilled = (s: V1ContainerStatus): boolean =>
  s.lastState?.terminated?.reason === "OOMKilled" || s.state?.terminated?.reason === "OOMKilled";

/** The container's resources: the Deployment's template is what a fix changes, the pod is the fallback. */
function resourcesOf(e: Evidence, killed: PodContainer): V1ResourceRequirements | undefined {
  const name = killed.status.name;
  const template = e.deployment?.spec?.template.spec?.containers.find((c) => c.name === name);
  return template?.resources ?? podContainerSpec(killed.pod, name)?.resources;
}

function memoryProposal(e: Evidence, killed: PodContainer, inc: MemoryIncrease, m: OomMessages): ProposalDraft | undefined {
  const deployment = deploymentNameOf(e);
  if (deployment === undefined || podContainerSpec(killed.pod, killed.status.name) === undefined) return undefined;
  const container = killed.status.name;
  const memory = inc.toRequest === undefined ? { memory_limit: inc.toLimit } : { memory_limit: inc.toLimit, memory_request: inc.toRequest };
  return {
    description: m.description(deployment, container, inc),
    steps: [
      {
        plugin: "set_container_resources",
        parameters: { namespace: namespaceOf(e.target), deployment_name: deployment, container, ...memory },
        description: m.step(container, inc),
      },
    ],
    riskLevel: "medium",
    estimatedDuration: "3m",
    rollbackPlan: m.rollback(container, inc),
  };
}

function actionsFor(limit: string | undefined, inc: MemoryIncrease | undefined, m: OomMessages): string[] {
  if (limit === undefined) return [m.setLimit, m.checkLeak];
  return inc === undefined ? [m.atCap(limit), m.checkLeak] : [m.increaseLimit, m.checkLeak];
}

interface MemoryFacts {
  limit?: string;
  request?: string;
  line: string;
  source: string;
}

function memoryFacts(e: Evidence, killed: PodContainer): MemoryFacts {
  const resources = resourcesOf(e, killed);
  const limit = resources?.limits?.memory;
  const request = resources?.requests?.memory;
  const line = `container ${killed.status.name}: resources.limits.memory=${limit ?? "<none>"} requests.memory=${request ?? "<none>"}`;
  return { limit, request, line, source: e.deployment === undefined ? "describe_pod" : "describe_deployment" };
}

function statusFindings(e: Evidence, killed: PodContainer[], memory: MemoryFacts, m: OomMessages): Finding[] {
  const backOff = findEvents(e, { reason: "BackOff" });
  return [
    finding(memory.limit === undefined ? m.noLimit : m.limitReached, [memory.line], memory.source),
    finding(m.lastRestart, killed.slice(0, 3).map((k) => describeContainer(k.pod, k.status)), "describe_pod"),
    ...(backOff.length > 0 ? [finding(m.backOff, describeEvents(backOff), "get_events")] : []),
  ];
}

/** Another container than the one the alert named was killed: likely related, less certain. */
const statusConfidence = (e: Evidence, killed: PodContainer): number =>
  e.target.container !== undefined && killed.status.name !== e.target.container ? 0.85 : 0.95;

function matchFromStatus(e: Evidence, killed: PodContainer[], m: OomMessages): RuleMatch {
  const first = killed[0] as PodContainer;
  const memory = memoryFacts(e, first);
  const inc = proposeMemoryIncrease(memory.limit, memory.request);
  const proposal = inc === undefined ? undefined : memoryProposal(e, first, inc, m);
  return {
    mode: "oom_killed",
    confidence: statusConfidence(e, first),
    conclusion: m.conclusion,
    rootCause: m.rootCause(first.status.name, memory.limit),
    findings: statusFindings(e, killed, memory, m),
    suggestedActions: actionsFor(memory.limit, inc, m),
    ...(proposal === undefined ? {} : { proposal }),
  };
}

/** Detects OOMKilled in container states (0.95, 0.85 for another container than the incident's) or, failing that, in events (0.7). */
export function detectOomKilled(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const killed = allContainers(e.pods)
    .filter((c) => isOomKilled(c.status))
    .sort(byTargetThenRestarts(e.target.container));
  if (killed.length > 0) return matchFromStatus(e, killed, m);
  // The kubelet's and node-problem-detector's wordings: "...OOMKilled" messages and OOMKilling reasons.
  const events = [...new Set([...findEvents(e, { reason: /OOMKill/ }), ...findEvents(e, { message: /OOMKill/i })])];
  if (events.length === 0) return undefined;
  return {
    mode: "oom_killed",
    confidence: 0.7,
    conclusion: m.conclusion,
    rootCause: m.rootCauseFromEvents,
    findings: [finding(m.fromEvents, describeEvents(events), "get_events")],
    suggestedActions: [m.increaseLimit, m.checkLeak],
  };
}
