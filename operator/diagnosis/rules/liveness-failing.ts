/** liveness_failing: the liveness probe fails and the kubelet keeps killing the container. */
import type { V1ContainerStatus } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeContainer } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { allContainers, byTargetThenRestarts, type PodContainer } from "../facts/pods.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { describeProbes, probeFix, ROLLOUT_BONUS } from "./probe-shared.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface LivenessMessages {
  conclusion: string;
  rootCause: (container: string, restarts: number) => string;
  rootCauseFromEvents: string;
  afterRollout: (revision: number) => string;
  killed: string;
  probeFailed: string;
  probes: string;
  rollout: string;
  checkThresholds: string;
  checkHang: string;
  rollBack: string;
}

const MESSAGES: Record<Locale, LivenessMessages> = {
  zh: {
    conclusion: "存活探针失败，容器被反复重启",
    rootCause: (c, n) => `容器 ${c} 的存活探针失败，kubelet 以 SIGKILL 终止（exitCode 137，非 OOM）并重启了 ${n} 次`,
    rootCauseFromEvents: "事件显示存活探针失败，kubelet 会重启对应的容器",
    afterRollout: (rev) => `；从 revision ${rev} 的镜像变更开始`,
    killed: "容器因存活探针失败被终止（exitCode 137，不是 OOMKilled）",
    probeFailed: "存活探针失败",
    probes: "存活探针配置",
    rollout: "失败的 Pod 全部来自最近一次变更了镜像的发布",
    checkThresholds: "检查存活探针是否过严（initialDelaySeconds、timeoutSeconds、failureThreshold）",
    checkHang: "检查应用是否卡死、死锁或响应过慢",
    rollBack: "回滚到上一个版本",
  },
  en: {
    conclusion: "Liveness probe failing; the container is restarted again and again",
    rootCause: (c, n) => `The liveness probe of container ${c} fails; the kubelet kills it with SIGKILL (exit code 137, not OOM) and has restarted it ${n} times`,
    rootCauseFromEvents: "Events show liveness probe failures; the kubelet restarts the container",
    afterRollout: (rev) => `; it started with the image change of revision ${rev}`,
    killed: "The container was killed for failing its liveness probe (exit code 137, not OOMKilled)",
    probeFailed: "Liveness probe failures",
    probes: "Liveness probe settings",
    rollout: "All failing pods come from the latest rollout, which changed the image",
    checkThresholds: "Check whether the liveness probe is too strict (initialDelaySeconds, timeoutSeconds, failureThreshold)",
    checkHang: "Check the application for hangs, deadlocks or slow responses",
    rollBack: "Roll back to the previous revision",
  },
};

const killedBySigkill = (s: V1ContainerStatus): boolean =>
  s.restartCount > 0 && s.lastState?.terminated?.exitCode === 137 && s.lastState.terminated.reason !== "OOMKilled";
const saysLiveness = (s: V1ContainerStatus): boolean => /liveness probe/i.test(s.lastState?.terminated?.message ?? "");

function livenessFindings(killed: PodContainer[], lines: { events: string[]; rollout: string[] }, m: LivenessMessages): Finding[] {
  const probes = describeProbes(killed.map((k) => k.pod), "livenessProbe");
  return [
    ...(killed.length > 0 ? [finding(m.killed, killed.slice(0, 3).map((k) => describeContainer(k.pod, k.status)), "describe_pod")] : []),
    ...(lines.events.length > 0 ? [finding(m.probeFailed, lines.events, "get_events")] : []),
    ...(probes.length > 0 ? [finding(m.probes, probes, "describe_pod")] : []),
    ...(lines.rollout.length > 0 ? [finding(m.rollout, lines.rollout, "describe_deployment")] : []),
  ];
}

/** Detects liveness kills: exit 137 restarts with probe events or the kubelet's message (0.7), events only (0.55); +0.15 after an image change. */
export function detectLivenessFailing(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const events = findEvents(e, { reason: "Unhealthy", message: /^Liveness probe failed/ });
  const killed = allContainers(e.pods)
    .filter((c) => killedBySigkill(c.status) && (events.length > 0 || saysLiveness(c.status)))
    .sort(byTargetThenRestarts(e.target.container));
  if (killed.length === 0 && events.length === 0) return undefined;
  const fix = probeFix(e, killed.map((k) => k.pod), locale);
  const first = killed[0];
  const rootCause = first === undefined ? m.rootCauseFromEvents : m.rootCause(first.status.name, first.status.restartCount);
  return {
    mode: "liveness_failing",
    confidence: (first === undefined ? 0.55 : 0.7) + (fix.rollout === undefined ? 0 : ROLLOUT_BONUS),
    conclusion: m.conclusion,
    rootCause: rootCause + (fix.rollout === undefined ? "" : m.afterRollout(fix.rollout.revision)),
    findings: [...livenessFindings(killed, { events: describeEvents(events), rollout: fix.rolloutLines }, m), ...fix.findings],
    suggestedActions: [m.checkThresholds, m.checkHang, ...(fix.rollout === undefined ? [] : [m.rollBack]), ...fix.reasons],
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
  };
}
