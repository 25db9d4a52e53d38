/**
 * How a rule aims its fix: at the workloads that own the failing pods, as read from the cluster,
 * in those pods' namespace. One step per failing workload, or no proposal at all: a pod whose
 * owner is unknown, an owner no remediation plugin can write, or a workload without a complete
 * step means nothing is proposed, and the reason goes into the suggested actions.
 */
import type { V1Pod } from "@kubernetes/client-node";
import { RiskLevel } from "../../../crds/index.js";
import { chainText, workloadText, type WorkloadRef } from "../../../lib/kube/owners.js";
import type { Evidence } from "../evidence.js";
import { podName } from "../facts/pods.js";
import { ownershipOf, podsByWorkload, type WorkloadPods } from "../facts/workload.js";
import type { Locale } from "../messages.js";
import { finding, type Finding, type ProposalDraft } from "./types.js";

/** More failing workloads than this at once is a wider problem than one fix per workload: a human looks first. */
export const MAX_WORKLOADS = 5;

/** A refusal whose reason the rule's own suggested actions already give (e.g. "fix the application"). */
export const SILENT = "";

/** What a rule's builder makes of one failing workload: a complete proposal for it, or why there is none. */
export type WorkloadDraft = ProposalDraft | { refused: string };

/** The proposal (if any) and what the diagnosis says about the workloads. */
export interface WorkloadFix {
  proposal?: ProposalDraft;
  groups: WorkloadPods[];
  findings: Finding[];
  /** Why nothing is proposed; empty when a proposal was made. */
  reasons: string[];
}

interface FixMessages {
  spans: (n: number) => string;
  owners: string;
  ownerUnknown: (pod: string, problem: string) => string;
  tooMany: (n: number) => string;
  notWritable: (w: string, tool: string) => string;
  replaced: (w: string) => string;
}

const MESSAGES: Record<Locale, FixMessages> = {
  zh: {
    spans: (n) => `失败的 Pod 属于 ${n} 个工作负载`,
    owners: "从集群读到的归属链",
    ownerUnknown: (pod, problem) => `未提出修复：无法从集群确认 Pod ${pod} 的归属（${problem}）`,
    tooMany: (n) => `未提出修复：${n} 个工作负载同时失败，超过逐个修复的上限 ${MAX_WORKLOADS}，需人工排查共同原因`,
    notWritable: (w, tool) => `未提出修复：${w} 不是 ${tool} 能修改的 Deployment，需人工处理`,
    replaced: (w) => `未提出修复：${w} 在诊断期间被删除重建（uid 不同），拥有失败 Pod 的已不是它`,
  },
  en: {
    spans: (n) => `The failing pods belong to ${n} workloads`,
    owners: "Owner chains read from the cluster",
    ownerUnknown: (pod, problem) => `Nothing proposed: the owner of pod ${pod} could not be confirmed in the cluster (${problem})`,
    tooMany: (n) => `Nothing proposed: ${n} workloads fail at once, more than the ${MAX_WORKLOADS} fixed one by one; look for a common cause`,
    notWritable: (w, tool) => `Nothing proposed: ${w} is not a Deployment, which is all ${tool} can change; a human must fix it`,
    replaced: (w) => `Nothing proposed: ${w} was deleted and created again during the diagnosis (another uid); it is not the owner of the failing pods`,
  },
};

const isRefusal = (d: WorkloadDraft): d is { refused: string } => "refused" in d;

const RISK_ORDER = RiskLevel.options;
const higherRisk = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b);
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The drafts of several workloads as one proposal: every step, the highest risk. */
export function combineDrafts(drafts: readonly ProposalDraft[]): ProposalDraft | undefined {
  const [first, ...rest] = drafts;
  if (first === undefined) return undefined;
  if (rest.length === 0) return first;
  return {
    description: clip(drafts.map((d) => d.description).join("; "), 4096),
    steps: drafts.flatMap((d) => d.steps),
    riskLevel: rest.reduce((risk, d) => higherRisk(risk, d.riskLevel), first.riskLevel),
    estimatedDuration: first.estimatedDuration,
    rollbackPlan: clip(drafts.map((d) => d.rollbackPlan).join("; "), 4096),
  };
}

/** The refusal for a workload a Deployment-only tool cannot write, or undefined for a Deployment. */
export function deploymentOnly(w: WorkloadRef, tool: string, locale: Locale): { refused: string } | undefined {
  return w.kind === "Deployment" ? undefined : { refused: MESSAGES[locale].notWritable(workloadText(w), tool) };
}

/** A workload of that name described with another uid: the owner was replaced, its name now means another object. */
function isReplaced(e: Evidence, w: WorkloadRef): boolean {
  return w.kind === "Deployment" && e.deployments.some((d) => d.metadata?.namespace === w.namespace && d.metadata.name === w.name && d.metadata.uid !== w.uid);
}

/** The owner chain of each group's first pod, e.g. "Pod/backup-x → Job/backup-1 → CronJob/backup", when a refusal needs it. */
function chainFinding(e: Evidence, groups: WorkloadPods[], m: FixMessages): Finding[] {
  const lines = groups.slice(0, MAX_WORKLOADS).flatMap((g) => {
    const chain = g.pods[0] === undefined ? undefined : ownershipOf(e, g.pods[0])?.chain;
    return chain === undefined ? [] : [`${g.workload.namespace}: ${chainText(chain)}`];
  });
  return lines.length > 0 ? [finding(m.owners, lines, "describe_pod")] : [];
}

function spanFinding(groups: WorkloadPods[], m: FixMessages): Finding[] {
  if (groups.length < 2) return [];
  const lines = groups.map((g) => `${workloadText(g.workload)}: ${g.pods.slice(0, 5).map(podName).join(", ")}`);
  return [finding(m.spans(groups.length), lines, "describe_pod")];
}

/**
 * The fix for the failing pods: `build` drafts a complete proposal for one workload (its
 * Deployment, its container) or refuses; any refusal or unknown owner means no proposal.
 */
export function fixPerWorkload(
  e: Evidence,
  failing: readonly V1Pod[],
  build: (group: WorkloadPods) => WorkloadDraft,
  locale: Locale,
): WorkloadFix {
  const m = MESSAGES[locale];
  const { groups, unowned } = podsByWorkload(e, [...new Set(failing)]);
  const findings = spanFinding(groups, m);
  const unknown = unowned.slice(0, 3).map((u) => m.ownerUnknown(podName(u.pod), u.problem));
  if (unknown.length > 0) return { groups, findings, reasons: unknown };
  if (groups.length > MAX_WORKLOADS) return { groups, findings, reasons: [m.tooMany(groups.length)] };
  const drafts = groups.map((g) => (isReplaced(e, g.workload) ? { refused: m.replaced(workloadText(g.workload)) } : build(g)));
  const refusals = drafts.filter(isRefusal).map((d) => d.refused);
  const reasons = [...new Set(refusals.filter((r) => r !== SILENT))];
  const proposal = refusals.length === 0 ? combineDrafts(drafts.filter((d): d is ProposalDraft => !isRefusal(d))) : undefined;
  const chains = reasons.length > 0 ? chainFinding(e, groups, m) : [];
  return { groups, findings: [...findings, ...chains], reasons, ...(proposal === undefined ? {} : { proposal }) };
}
