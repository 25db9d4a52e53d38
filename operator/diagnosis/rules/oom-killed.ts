/** oom_killed: the kernel killed a container for exceeding its memory limit. */
import type { V1Container, V1ContainerStatus, V1ResourceRequirements } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeContainer } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { allContainers, byTargetThenRestarts, podContainerSpec, type PodContainer } from "../facts/pods.js";
import { deploymentOf, workloadOf, type WorkloadPods } from "../facts/workload.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { proposeMemoryIncrease, type MemoryIncrease } from "../quantity.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./types.js";
import { combineDrafts, deploymentOnly, fixPerWorkload, type WorkloadDraft } from "./workload-fix.js";

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
  notInTemplate: (deployment: string, container: string) => string;
  noStep: (deployment: string, container: string, why: string) => string;
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
    notInTemplate: (d, c) => `未提出修复：容器 ${c} 不是 Deployment ${d} 模板中的应用容器`,
    noStep: (d, c, why) => `未提出修复：Deployment ${d} 的容器 ${c}：${why}`,
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
    notInTemplate: (d, c) => `Nothing proposed: container ${c} is not an app container of Deployment ${d}'s template`,
    noStep: (d, c, why) => `Nothing proposed for container ${c} of Deployment ${d}: ${why}`,
  },
};

const isOomKilled = (s: V1ContainerStatus): boolean =>
  s.lastState?.terminated?.reason === "OOMKilled" || s.state?.terminated?.reason === "OOMKilled";

/** The template container of the Deployment that owns the pod (as read from the cluster), when it was described. */
const templateContainer = (e: Evidence, killed: PodContainer): V1Container | undefined => {
  const w = workloadOf(e, killed.pod);
  const deployment = w === undefined ? undefined : deploymentOf(e, w);
  return deployment?.spec?.template.spec?.containers.find((c) => c.name === killed.status.name);
};

/** The container's resources: its Deployment's template is what a fix changes, the pod is the fallback. */
function resourcesOf(e: Evidence, killed: PodContainer): V1ResourceRequirements | undefined {
  return templateContainer(e, killed)?.resources ?? podContainerSpec(killed.pod, killed.status.name)?.resources;
}

/** Init containers are not what set_container_resources edits; a container the template lacks is not this Deployment's. */
function isEditable(e: Evidence, w: WorkloadPods["workload"], killed: PodContainer): boolean {
  const inTemplate = templateContainer(e, killed) !== undefined || deploymentOf(e, w) === undefined;
  return inTemplate && podContainerSpec(killed.pod, killed.status.name) !== undefined;
}

const memoryParams = (inc: MemoryIncrease): Record<string, string> =>
  inc.toRequest === undefined ? { memory_limit: inc.toLimit } : { memory_limit: inc.toLimit, memory_request: inc.toRequest };

/** Raises the memory of one killed container of the Deployment that owns its pod, in that pod's namespace. */
function containerDraft(e: Evidence, w: WorkloadPods["workload"], killed: PodContainer, m: OomMessages): WorkloadDraft {
  const container = killed.status.name;
  if (!isEditable(e, w, killed)) return { refused: m.notInTemplate(w.name, container) };
  const resources = resourcesOf(e, killed);
  const limit = resources?.limits?.memory;
  const inc = proposeMemoryIncrease(limit, resources?.requests?.memory);
  if (inc === undefined) return { refused: m.noStep(w.name, container, limit === undefined ? m.noLimit : m.atCap(limit)) };
  const memory = memoryParams(inc);
  return {
    description: m.description(w.name, container, inc),
    steps: [
      {
        plugin: "set_container_resources",
        parameters: { namespace: w.namespace, deployment_name: w.name, container, ...memory },
        description: m.step(container, inc),
      },
    ],
    riskLevel: "medium",
    estimatedDuration: "3m",
    rollbackPlan: m.rollback(container, inc),
  };
}

/** One step per killed container of the workload (a sidecar's OOM raises the sidecar), or a refusal. */
function workloadDraft(e: Evidence, group: WorkloadPods, killed: PodContainer[], locale: Locale): WorkloadDraft {
  const refusal = deploymentOnly(group.workload, "set_container_resources", locale);
  if (refusal !== undefined) return refusal;
  const mine = killed.filter((k) => group.pods.includes(k.pod));
  // The worst-hit pod of each container speaks for it: the containers of one template share their resources.
  const byContainer = [...new Map(mine.map((k) => [k.status.name, k])).values()];
  const drafts = byContainer.map((k) => containerDraft(e, group.workload, k, MESSAGES[locale]));
  const refused = drafts.find((d): d is { refused: string } => "refused" in d);
  return refused ?? combineDrafts(drafts as ProposalDraft[]) ?? { refused: MESSAGES[locale].notInTemplate(group.workload.name, "-") };
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
  return { limit, request, line, source: templateContainer(e, killed) === undefined ? "describe_pod" : "describe_deployment" };
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

function matchFromStatus(e: Evidence, killed: PodContainer[], locale: Locale): RuleMatch {
  const m = MESSAGES[locale];
  const first = killed[0] as PodContainer;
  const memory = memoryFacts(e, first);
  const inc = proposeMemoryIncrease(memory.limit, memory.request);
  const fix = fixPerWorkload(e, killed.map((k) => k.pod), (group) => workloadDraft(e, group, killed, locale), locale);
  return {
    mode: "oom_killed",
    confidence: statusConfidence(e, first),
    conclusion: m.conclusion,
    rootCause: m.rootCause(first.status.name, memory.limit),
    findings: [...statusFindings(e, killed, memory, m), ...fix.findings],
    suggestedActions: [...actionsFor(memory.limit, inc, m), ...fix.reasons],
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
  };
}

/** Detects OOMKilled in container states (0.95, 0.85 for another container than the incident's) or, failing that, in events (0.7). */
export function detectOomKilled(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const killed = allContainers(e.pods)
    .filter((c) => isOomKilled(c.status))
    .sort(byTargetThenRestarts(e.target.container));
  if (killed.length > 0) return matchFromStatus(e, killed, locale);
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
