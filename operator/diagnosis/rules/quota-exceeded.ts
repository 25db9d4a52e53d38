/** quota_exceeded: a ResourceQuota stops the ReplicaSet from creating pods. */
import type { V1Deployment, V1ResourceQuota } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { parseQuantity } from "../quantity.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface QuotaMessages {
  conclusion: (quota: string) => string;
  rootCause: (quota: string, detail: string) => string;
  failedCreate: string;
  exhausted: string;
  raise: (quota: string) => string;
  cleanUp: string;
}

const MESSAGES: Record<Locale, QuotaMessages> = {
  zh: {
    conclusion: (q) => `超出资源配额（${q}）`,
    rootCause: (q, d) => `命名空间的 ResourceQuota ${q} 已用尽，ReplicaSet 无法创建新 Pod${d ? `：${d}` : ""}`,
    failedCreate: "ReplicaSet 因超出配额无法创建 Pod",
    exhausted: "配额已用尽",
    raise: (q) => `提高 ResourceQuota ${q} 的限额，或降低工作负载的 requests/limits 或副本数`,
    cleanUp: "清理命名空间中不再需要的工作负载",
  },
  en: {
    conclusion: (q) => `Resource quota exceeded (${q})`,
    rootCause: (q, d) => `ResourceQuota ${q} of the namespace is used up; the ReplicaSet cannot create new pods${d ? `: ${d}` : ""}`,
    failedCreate: "The ReplicaSet cannot create pods: quota exceeded",
    exhausted: "Quota used up",
    raise: (q) => `Raise the limits of ResourceQuota ${q}, or lower the workload's requests/limits or replicas`,
    cleanUp: "Remove workloads the namespace no longer needs",
  },
};

const EXCEEDED = /exceeded quota: ([\w.-]+)(?:, (.*))?/;

/** Quota resources whose use reached the hard limit, as evidence lines. */
function exhaustedLines(quota: V1ResourceQuota): string[] {
  const hard = quota.status?.hard ?? quota.spec?.hard ?? {};
  const used = quota.status?.used ?? {};
  return Object.entries(hard).flatMap(([resource, limit]) => {
    const usedBytes = parseQuantity(used[resource]);
    const limitBytes = parseQuantity(limit);
    const full = usedBytes !== undefined && limitBytes !== undefined && usedBytes >= limitBytes;
    return full ? [`resourcequota ${quota.metadata?.name ?? "?"}: ${resource} used=${used[resource] ?? "?"} hard=${limit}`] : [];
  });
}

/** A Deployment with fewer pods than it asks for: a full quota then matters. */
const isShortOfReplicas = (d: V1Deployment | undefined): boolean =>
  d !== undefined && (d.status?.replicas ?? 0) < (d.spec?.replicas ?? 1);

function replicaFailureMessage(d: V1Deployment | undefined): string | undefined {
  const c = d?.status?.conditions?.find((x) => x.type === "ReplicaFailure" && x.status === "True");
  return c?.message !== undefined && EXCEEDED.test(c.message) ? c.message : undefined;
}

function quotaFindings(eventLines: string[], full: string[], m: QuotaMessages): Finding[] {
  return [
    ...(eventLines.length > 0 ? [finding(m.failedCreate, eventLines, "get_events")] : []),
    ...(full.length > 0 ? [finding(m.exhausted, full, "get_resource_quotas")] : []),
  ];
}

interface QuotaSignals {
  /** The FailedCreate events and the ReplicaFailure condition, as evidence lines. */
  rejections: string[];
  /** The first rejection message, which names the quota and what was requested. */
  message: string;
  full: string[];
}

function quotaSignals(e: Evidence): QuotaSignals {
  const events = findEvents(e, { reason: "FailedCreate", message: /exceeded quota/ });
  const condition = replicaFailureMessage(e.deployment);
  const conditionLines = condition === undefined ? [] : [`deployment ReplicaFailure: ${condition}`];
  return {
    rejections: [...describeEvents(events), ...conditionLines],
    message: events[0]?.message ?? condition ?? "",
    full: e.quotas.flatMap(exhaustedLines),
  };
}

/** The quota a rejection names and what it says was requested, used and limited. */
function parseRejection(message: string, quotas: V1ResourceQuota[]): { quota: string; detail: string } {
  const parsed = EXCEEDED.exec(message);
  const quota = parsed?.[1] ?? quotas[0]?.metadata?.name ?? "?";
  return { quota, detail: parsed?.[2] ?? "" };
}

/** Detects FailedCreate "exceeded quota" (0.9), or a used-up quota while the Deployment is short of replicas (0.65). */
export function detectQuotaExceeded(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const signals = quotaSignals(e);
  const strong = signals.rejections.length > 0;
  const weak = signals.full.length > 0 && isShortOfReplicas(e.deployment);
  if (!strong && !weak) return undefined;
  const { quota, detail } = parseRejection(signals.message, e.quotas);
  return {
    mode: "quota_exceeded",
    confidence: strong ? 0.9 : 0.65,
    conclusion: m.conclusion(quota),
    rootCause: m.rootCause(quota, detail),
    findings: quotaFindings(signals.rejections, signals.full, m),
    suggestedActions: [m.raise(quota), m.cleanUp],
  };
}
