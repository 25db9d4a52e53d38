/** rollout_stuck: a Deployment rollout exceeded its progress deadline. */
import type { V1Deployment, V1DeploymentCondition } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeRollout, latestRollout, type Rollout } from "../facts/rollout.js";
import { namespaceOf } from "../facts/workload.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { rollbackProposal } from "./proposals.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface StuckMessages {
  conclusion: string;
  rootCause: (deployment: string, seconds: number) => string;
  deadline: string;
  replicas: string;
  rollout: string;
  findCause: string;
  rollBack: string;
  noPrevious: string;
}

const MESSAGES: Record<Locale, StuckMessages> = {
  zh: {
    conclusion: "发布卡住（ProgressDeadlineExceeded）",
    rootCause: (d, s) => `Deployment ${d} 的发布在 ${s} 秒内没有进展，新版本的 Pod 没有就绪`,
    deadline: "发布超过 progressDeadlineSeconds 仍未完成",
    replicas: "副本状态",
    rollout: "最近一次发布",
    findCause: "查明新版本 Pod 无法就绪的原因（见其他发现和 Pod 事件）",
    rollBack: "回滚到上一个版本",
    noPrevious: "没有可回滚的上一个版本，修复后重新发布",
  },
  en: {
    conclusion: "Rollout stuck (ProgressDeadlineExceeded)",
    rootCause: (d, s) => `The rollout of Deployment ${d} made no progress for ${s} seconds; the new pods do not become ready`,
    deadline: "The rollout exceeded progressDeadlineSeconds",
    replicas: "Replica counts",
    rollout: "The latest rollout",
    findCause: "Find out why the new pods do not become ready (see the other findings and the pod events)",
    rollBack: "Roll back to the previous revision",
    noPrevious: "There is no previous revision to roll back to; fix and roll out again",
  },
};

const stuckCondition = (d: V1Deployment | undefined): V1DeploymentCondition | undefined =>
  d?.status?.conditions?.find((c) => c.type === "Progressing" && c.status === "False" && c.reason === "ProgressDeadlineExceeded");

function conditionLine(name: string, c: V1DeploymentCondition): string {
  return `deployment ${name}: ${c.type}=${c.status} reason=${c.reason ?? "-"} message="${c.message ?? ""}"`;
}

const REPLICA_FIELDS = ["updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"] as const;

function replicasLine(d: V1Deployment): string {
  const counts = REPLICA_FIELDS.map((f) => `${f}=${d.status?.[f] ?? 0}`).join(" ");
  return `deployment ${d.metadata?.name ?? "?"}: replicas=${d.spec?.replicas ?? 1} ${counts}`;
}

function stuckFindings(d: V1Deployment, condition: V1DeploymentCondition, rollout: Rollout | undefined, m: StuckMessages): Finding[] {
  const name = d.metadata?.name ?? "?";
  const others = (d.status?.conditions ?? []).filter((c) => c !== condition && c.status !== "True");
  return [
    finding(m.deadline, [conditionLine(name, condition), ...others.map((c) => conditionLine(name, c))], "describe_deployment"),
    finding(m.replicas, [replicasLine(d)], "describe_deployment"),
    ...(rollout === undefined ? [] : [finding(m.rollout, [describeRollout(rollout)], "describe_deployment")]),
  ];
}

/** Detects Progressing=False/ProgressDeadlineExceeded (0.85) and proposes rolling back one revision. */
export function detectRolloutStuck(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const deployment = e.deployment;
  const condition = stuckCondition(deployment);
  if (deployment === undefined || condition === undefined) return undefined;
  const m = MESSAGES[locale];
  const rollout = latestRollout(e);
  return {
    mode: "rollout_stuck",
    confidence: 0.85,
    conclusion: m.conclusion,
    rootCause: m.rootCause(deployment.metadata?.name ?? e.target.name, deployment.spec?.progressDeadlineSeconds ?? 600),
    findings: stuckFindings(deployment, condition, rollout, m),
    suggestedActions: [m.findCause, rollout === undefined ? m.noPrevious : m.rollBack],
    ...(rollout === undefined ? {} : { proposal: rollbackProposal(rollout, namespaceOf(e.target), locale) }),
  };
}
