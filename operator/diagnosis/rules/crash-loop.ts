/** crash_loop: a container keeps exiting and the kubelet backs off restarting it. */
import type { CoreV1Event, V1ContainerStatus } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeContainer } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { recentRestarts } from "../facts/freshness.js";
import { allContainers, byTargetThenRestarts, podName, type PodContainer } from "../facts/pods.js";
import { describeRollout, type Rollout } from "../facts/rollout.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { exitMeaning } from "./exit-codes.js";
import { rollbackFix } from "./rollback-fix.js";
import { SILENT } from "./workload-fix.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface CrashMessages {
  conclusion: (code: number, meaning: string) => string;
  conclusionUnknownCode: string;
  rootCause: (container: string, exit: ExitFacts) => string;
  afterRollout: (revision: number) => string;
  rootCauseFromEvents: string;
  crashing: string;
  rollout: string;
  backOff: string;
  checkLogs: (pod: string, container: string) => string;
  rollBack: string;
  fixApp: string;
}

const MESSAGES: Record<Locale, CrashMessages> = {
  zh: {
    conclusion: (code, meaning) => `CrashLoopBackOff（exitCode ${code}：${meaning}）`,
    conclusionUnknownCode: "CrashLoopBackOff",
    rootCause: (c, exit) =>
      `容器 ${c} 启动后${exit.code === undefined ? "退出" : `以 exitCode ${exit.code} 退出`}（${exit.meaning}），kubelet 反复重启并退避`,
    afterRollout: (rev) => `；崩溃从 revision ${rev} 的镜像变更开始，旧版本没有这个问题`,
    rootCauseFromEvents: "事件显示 kubelet 在退避重启失败的容器，Pod 状态中未见退出码",
    crashing: "容器反复崩溃重启（CrashLoopBackOff）",
    rollout: "崩溃的 Pod 全部来自最近一次变更了镜像的发布",
    backOff: "kubelet 正在退避重启失败的容器",
    checkLogs: (pod, c) => `查看上一次运行的日志：kubectl logs ${pod} -c ${c} --previous`,
    rollBack: "回滚到上一个版本，再排查新版本的问题",
    fixApp: "根据退出码和日志修复应用或其启动配置",
  },
  en: {
    conclusion: (code, meaning) => `CrashLoopBackOff (exit code ${code}: ${meaning})`,
    conclusionUnknownCode: "CrashLoopBackOff",
    rootCause: (c, exit) =>
      `Container ${c} exits${exit.code === undefined ? "" : ` with code ${exit.code}`} (${exit.meaning}) after starting; the kubelet keeps restarting it with back-off`,
    afterRollout: (rev) => `; the crashes started with the image change of revision ${rev}, the previous revision ran fine`,
    rootCauseFromEvents: "Events show the kubelet backing off restarting a failed container; the pod status shows no exit code",
    crashing: "The container keeps crashing (CrashLoopBackOff)",
    rollout: "All crashing pods come from the latest rollout, which changed the image",
    backOff: "The kubelet is backing off restarting a failed container",
    checkLogs: (pod, c) => `Read the previous run's logs: kubectl logs ${pod} -c ${c} --previous`,
    rollBack: "Roll back to the previous revision, then investigate the new one",
    fixApp: "Fix the application or its start-up configuration from the exit code and logs",
  },
};

const lastExit = (s: V1ContainerStatus): V1ContainerStatus["lastState"] => s.lastState ?? s.state;
const notOom = (s: V1ContainerStatus): boolean => lastExit(s)?.terminated?.reason !== "OOMKilled";
const isCrashLooping = (s: V1ContainerStatus): boolean => s.state?.waiting?.reason === "CrashLoopBackOff" && notOom(s);
/** Repeated recent non-zero exits: restarts within the freshness window, not over the pod's whole life. */
const isRestartingOnError = (e: Evidence, c: PodContainer): boolean =>
  recentRestarts(e, c) >= 3 && (c.status.lastState?.terminated?.exitCode ?? 0) !== 0 && notOom(c.status);

/** The crash is better explained by the liveness probe killing the container. */
function livenessPenalty(e: Evidence, code: number | undefined): number {
  return code === 137 && findEvents(e, { reason: "Unhealthy", message: /^Liveness probe failed/ }).length > 0 ? 0.25 : 0;
}

function crashFindings(e: Evidence, crashing: PodContainer[], rollout: Rollout | undefined, m: CrashMessages): Finding[] {
  const backOff = findEvents(e, { reason: "BackOff" });
  return [
    finding(m.crashing, crashing.slice(0, 3).map((c) => describeContainer(c.pod, c.status)), "describe_pod"),
    ...(rollout === undefined ? [] : [finding(m.rollout, [describeRollout(rollout)], "describe_deployment")]),
    ...(backOff.length > 0 ? [finding(m.backOff, describeEvents(backOff), "get_events")] : []),
  ];
}

interface ExitFacts {
  code?: number;
  meaning: string;
  conclusion: string;
}

function exitFacts(status: V1ContainerStatus, locale: Locale): ExitFacts {
  const m = MESSAGES[locale];
  const code = lastExit(status)?.terminated?.exitCode;
  if (code === undefined) return { meaning: exitMeaning(undefined, locale), conclusion: m.conclusionUnknownCode };
  const meaning = exitMeaning(code, locale);
  return { code, meaning, conclusion: m.conclusion(code, meaning) };
}

function confidenceOf(strong: boolean, rollout: Rollout | undefined): number {
  if (rollout !== undefined) return 0.9;
  return strong ? 0.85 : 0.65;
}

function matchFromStatus(e: Evidence, crashing: PodContainer[], strong: boolean, locale: Locale): RuleMatch {
  const m = MESSAGES[locale];
  const first = crashing[0] as PodContainer;
  const exit = exitFacts(first.status, locale);
  const fix = rollbackFix(e, crashing.map((c) => c.pod), locale, SILENT);
  const { rollout, proposal } = fix;
  const afterRollout = rollout === undefined ? "" : m.afterRollout(rollout.revision);
  return {
    mode: "crash_loop",
    confidence: confidenceOf(strong, rollout) - livenessPenalty(e, exit.code),
    conclusion: exit.conclusion,
    rootCause: m.rootCause(first.status.name, exit) + afterRollout,
    findings: [...crashFindings(e, crashing, rollout, m), ...fix.findings],
    suggestedActions: [m.checkLogs(podName(first.pod), first.status.name), rollout === undefined ? m.fixApp : m.rollBack, ...fix.reasons],
    ...(proposal === undefined ? {} : { proposal }),
  };
}

/** Back-off events about pods whose status does not already explain them (an OOM kill does). */
function unexplainedBackOffs(e: Evidence): CoreV1Event[] {
  const explained = new Set(allContainers(e.pods).filter((c) => !notOom(c.status)).map((c) => podName(c.pod)));
  return findEvents(e, { reason: "BackOff", message: /restarting failed container/i }).filter(
    (ev) => !explained.has(ev.involvedObject.name ?? ""),
  );
}

/**
 * Detects a crash loop: CrashLoopBackOff in a container state (0.85; 0.9 when it began with an
 * image-changing rollout, with a rollback), repeated non-zero exits (0.65), or BackOff events only (0.6).
 */
export function detectCrashLoop(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const sorted = allContainers(e.pods).sort(byTargetThenRestarts(e.target.container));
  const crashing = sorted.filter((c) => isCrashLooping(c.status));
  if (crashing.length > 0) return matchFromStatus(e, crashing, true, locale);
  const restarting = sorted.filter((c) => isRestartingOnError(e, c));
  if (restarting.length > 0) return matchFromStatus(e, restarting, false, locale);
  const events = unexplainedBackOffs(e);
  if (events.length === 0) return undefined;
  const m = MESSAGES[locale];
  return {
    mode: "crash_loop",
    confidence: 0.6,
    conclusion: m.conclusionUnknownCode,
    rootCause: m.rootCauseFromEvents,
    findings: [finding(m.backOff, describeEvents(events), "get_events")],
    suggestedActions: [m.fixApp],
  };
}
