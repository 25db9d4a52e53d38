/** readiness_failing: pods run but their readiness probe fails, so they get no traffic. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeContainer, describePod } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { containerStatusesOf, isRunningNotReady } from "../facts/pods.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { describeProbes, probeFix, ROLLOUT_BONUS } from "./probe-shared.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface ReadinessMessages {
  conclusion: string;
  rootCause: (pods: number) => string;
  afterRollout: (revision: number) => string;
  notReady: string;
  probeFailed: string;
  probes: string;
  rollout: string;
  checkProbe: string;
  checkDependencies: string;
  rollBack: string;
  noRestart: string;
}

const MESSAGES: Record<Locale, ReadinessMessages> = {
  zh: {
    conclusion: "就绪探针失败，Pod 未就绪",
    rootCause: (n) => `${n} 个 Pod 在运行但就绪探针持续失败，不接收流量`,
    afterRollout: (rev) => `；从 revision ${rev} 的镜像变更开始`,
    notReady: "Pod 在运行但未就绪",
    probeFailed: "就绪探针失败",
    probes: "就绪探针配置",
    rollout: "未就绪的 Pod 全部来自最近一次变更了镜像的发布",
    checkProbe: "检查就绪探针的路径、端口和超时设置",
    checkDependencies: "检查应用依赖（数据库、下游服务）是否可用",
    rollBack: "回滚到上一个版本",
    noRestart:
      "未提出修复：Pod 在运行但未就绪，且没有变更镜像的发布在其后，更可能是依赖（数据库、下游服务）不可用；重启所有副本修不好依赖，反而会让剩余的就绪副本也下线",
  },
  en: {
    conclusion: "Readiness probe failing; pods not ready",
    rootCause: (n) => `${n} pods run but keep failing their readiness probe, so they receive no traffic`,
    afterRollout: (rev) => `; it started with the image change of revision ${rev}`,
    notReady: "Pods run but are not ready",
    probeFailed: "Readiness probe failures",
    probes: "Readiness probe settings",
    rollout: "All unready pods come from the latest rollout, which changed the image",
    checkProbe: "Check the readiness probe's path, port and timeouts",
    checkDependencies: "Check the application's dependencies (databases, downstream services)",
    rollBack: "Roll back to the previous revision",
    noRestart:
      "Nothing proposed: the pods run but are not ready and no image change came before it, which points at a failing dependency (database, downstream service); restarting every replica would not fix it and would take the still-ready replicas down too",
  },
};

/** Running, not Ready, with a running container the kubelet reports unready (not a node that stopped reporting). */
const failsReadiness = (pod: V1Pod): boolean =>
  isRunningNotReady(pod) && containerStatusesOf(pod).some((cs) => cs.state?.running !== undefined && !cs.ready);

function baseConfidence(pods: number, events: number): number {
  if (pods > 0 && events > 0) return 0.65;
  return events > 0 ? 0.5 : 0.4;
}

function readinessFindings(pods: V1Pod[], lines: { events: string[]; rollout: string[] }, m: ReadinessMessages): Finding[] {
  const podLines = pods.slice(0, 3).flatMap((p) => [describePod(p), ...containerStatusesOf(p).map((cs) => describeContainer(p, cs))]);
  const probes = describeProbes(pods, "readinessProbe");
  return [
    ...(podLines.length > 0 ? [finding(m.notReady, podLines, "describe_pod")] : []),
    ...(lines.events.length > 0 ? [finding(m.probeFailed, lines.events, "get_events")] : []),
    ...(probes.length > 0 ? [finding(m.probes, probes, "describe_pod")] : []),
    ...(lines.rollout.length > 0 ? [finding(m.rollout, lines.rollout, "describe_deployment")] : []),
  ];
}

/** Detects failing readiness: unready pods with probe events (0.65), events only (0.5), unready only (0.4); +0.15 after an image change. */
export function detectReadinessFailing(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const pods = e.pods.filter(failsReadiness);
  const events = findEvents(e, { reason: "Unhealthy", message: /^Readiness probe failed/ });
  if (pods.length === 0 && events.length === 0) return undefined;
  // Without an image change to undo, the rule's own suspect is a dependency: a restart is not the fix.
  const fix = probeFix(e, pods, locale, m.noRestart);
  const bonus = fix.rollout === undefined ? 0 : ROLLOUT_BONUS;
  return {
    mode: "readiness_failing",
    confidence: baseConfidence(pods.length, events.length) + bonus,
    conclusion: m.conclusion,
    rootCause: m.rootCause(pods.length) + (fix.rollout === undefined ? "" : m.afterRollout(fix.rollout.revision)),
    findings: [...readinessFindings(pods, { events: describeEvents(events), rollout: fix.rolloutLines }, m), ...fix.findings],
    suggestedActions: [m.checkProbe, m.checkDependencies, ...(fix.rollout === undefined ? [] : [m.rollBack]), ...fix.reasons],
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
  };
}
