/** rollout_stuck: a Deployment rollout exceeded its progress deadline. */
import type { V1Deployment, V1DeploymentCondition } from "@kubernetes/client-node";
import type { WorkloadRef } from "../../../lib/kube/owners.js";
import type { Evidence } from "../evidence.js";
import { findEvents } from "../facts/events.js";
import { isUnscheduled } from "../facts/pods.js";
import { describeRollout, latestRollout, type Rollout } from "../facts/rollout.js";
import { workloadOf } from "../facts/workload.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { rollbackProposal } from "./proposals.js";
import { finding, type Finding, type ProposalDraft, type RuleMatch } from "./types.js";
import { combineDrafts } from "./workload-fix.js";

interface StuckMessages {
  conclusion: string;
  rootCause: (deployment: string, seconds: number) => string;
  deadline: string;
  replicas: string;
  rollout: string;
  findCause: string;
  rollBack: string;
  noPrevious: string;
  noImageChange: (deployment: string, capacity: string) => string;
  capacityBlocked: (deployment: string, capacity: string) => string;
  capacityWords: { unschedulable: string; quota: string; none: string };
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
    noImageChange: (d, c) => `未提出回滚：Deployment ${d} 最近一次发布没有变更镜像（只改了环境变量、资源等配置）${c}，回滚不是可靠的修复，需人工处理`,
    capacityBlocked: (d, c) => `未提出回滚：Deployment ${d} 的新 Pod 卡在容量上${c}，原因不在新版本，先解决容量`,
    capacityWords: { unschedulable: "（新 Pod 无法调度）", quota: "（ResourceQuota 拒绝创建 Pod）", none: "" },
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
    noImageChange: (d, c) =>
      `No rollback proposed: the latest rollout of Deployment ${d} changed no image (only env, resources or other settings)${c}; going back is not a reliable fix, a human must decide`,
    capacityBlocked: (d, c) => `No rollback proposed: the new pods of Deployment ${d} are held up by capacity${c}, not by the new version; free capacity first`,
    capacityWords: { unschedulable: " (the new pods cannot be scheduled)", quota: " (a ResourceQuota rejects the new pods)", none: "" },
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

/** The Deployment as the workload a fix writes, from the object the cluster returned. */
const workloadRefOf = (d: V1Deployment): WorkloadRef => ({
  kind: "Deployment",
  namespace: d.metadata?.namespace ?? "",
  name: d.metadata?.name ?? "",
  uid: d.metadata?.uid ?? "",
});

/** What holds the new pods up when it is capacity: unschedulable pods of the Deployment, or a quota rejecting them. */
function capacityOf(e: Evidence, w: WorkloadRef, m: StuckMessages): string | undefined {
  const pods = e.pods.filter((p) => workloadOf(e, p)?.uid === w.uid);
  if (pods.some(isUnscheduled)) return m.capacityWords.unschedulable;
  const quota = findEvents(e, { reason: "FailedCreate", message: /exceeded quota/ }).some((ev) => ev.metadata.namespace === undefined || ev.metadata.namespace === w.namespace);
  return quota ? m.capacityWords.quota : undefined;
}

/** Rolls back only a rollout that changed an image and is not held up by capacity; otherwise says why not. */
function rollbackDraft(e: Evidence, rollout: Rollout, m: StuckMessages, locale: Locale): ProposalDraft | string {
  const capacity = capacityOf(e, rollout.workload, m);
  if (rollout.imageChanges.length === 0) return m.noImageChange(rollout.deployment, capacity ?? m.capacityWords.none);
  return capacity === undefined ? rollbackProposal(rollout, locale) : m.capacityBlocked(rollout.deployment, capacity);
}

/** The stuck Deployments the evidence is about: the target, or owners of its pods as read from the cluster. */
function stuckDeployments(e: Evidence): V1Deployment[] {
  const owners = new Set(e.pods.flatMap((p) => workloadOf(e, p)?.uid ?? []));
  const described = e.deployments;
  const isTarget = (d: V1Deployment): boolean => e.target.kind === "Deployment" && d.metadata?.name === e.target.name;
  return described.filter((d) => stuckCondition(d) !== undefined && (isTarget(d) || owners.has(d.metadata?.uid ?? "")));
}

interface StuckFix {
  proposal?: ProposalDraft;
  reasons: string[];
  rollouts: Rollout[];
}

function stuckFix(e: Evidence, stuck: V1Deployment[], m: StuckMessages, locale: Locale): StuckFix {
  const rollouts = stuck.flatMap((d) => latestRollout(e, workloadRefOf(d)) ?? []);
  if (rollouts.length < stuck.length) return { reasons: [m.noPrevious], rollouts };
  const drafts = rollouts.map((r) => rollbackDraft(e, r, m, locale));
  const reasons = drafts.filter((d): d is string => typeof d === "string");
  const proposal = reasons.length === 0 ? combineDrafts(drafts as ProposalDraft[]) : undefined;
  return { reasons, rollouts, ...(proposal === undefined ? {} : { proposal }) };
}

/**
 * Detects Progressing=False/ProgressDeadlineExceeded (0.85). Proposes rolling back one revision
 * only when the latest rollout changed an image and its new pods are not held up by capacity.
 */
export function detectRolloutStuck(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const stuck = stuckDeployments(e);
  const deployment = stuck[0];
  const condition = stuckCondition(deployment);
  if (deployment === undefined || condition === undefined) return undefined;
  const m = MESSAGES[locale];
  const fix = stuckFix(e, stuck, m, locale);
  return {
    mode: "rollout_stuck",
    confidence: 0.85,
    conclusion: m.conclusion,
    rootCause: m.rootCause(deployment.metadata?.name ?? e.target.name, deployment.spec?.progressDeadlineSeconds ?? 600),
    findings: stuck.flatMap((d) => stuckFindings(d, stuckCondition(d) as V1DeploymentCondition, fix.rollouts.find((r) => r.workload.uid === d.metadata?.uid), m)),
    suggestedActions: [m.findCause, ...(fix.proposal === undefined ? fix.reasons : [m.rollBack])],
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
  };
}
