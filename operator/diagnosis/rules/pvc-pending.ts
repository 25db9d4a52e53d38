/** pvc_pending: a pod waits for a PersistentVolumeClaim that is not bound. */
import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { claimNamesOf } from "../facts/pods.js";
import { schedulingFailures } from "../facts/scheduling.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface PvcMessages {
  conclusion: (claims: string) => string;
  rootCause: (claims: string, storageClass: string) => string;
  rootCauseFromScheduler: (message: string) => string;
  pending: string;
  scheduler: string;
  provisioning: string;
  checkClass: (storageClass: string) => string;
  checkVolumes: string;
}

const MESSAGES: Record<Locale, PvcMessages> = {
  zh: {
    conclusion: (c) => `PVC 未绑定（${c}）`,
    rootCause: (c, sc) => `PVC ${c} 处于 Pending（storageClass ${sc}），使用它的 Pod 无法调度或启动`,
    rootCauseFromScheduler: (msg) => `Pod 使用的 PVC 尚未绑定，调度器报告：${msg}`,
    pending: "PVC 处于 Pending，没有绑定 PV",
    scheduler: "调度器因未绑定的 PVC 无法放置 Pod",
    provisioning: "存储供应事件",
    checkClass: (sc) => `检查 StorageClass ${sc} 是否存在、其 provisioner 是否正常`,
    checkVolumes: "检查是否有可绑定的 PV（容量、访问模式、storageClassName 是否匹配）",
  },
  en: {
    conclusion: (c) => `PersistentVolumeClaim not bound (${c})`,
    rootCause: (c, sc) => `PVC ${c} is Pending (storageClass ${sc}); the pods that use it cannot be scheduled or start`,
    rootCauseFromScheduler: (msg) => `A claim the pod uses is not bound; the scheduler reports: ${msg}`,
    pending: "The PVC is Pending, bound to no volume",
    scheduler: "The scheduler cannot place the pod because of an unbound PVC",
    provisioning: "Storage provisioning events",
    checkClass: (sc) => `Check that StorageClass ${sc} exists and its provisioner works`,
    checkVolumes: "Check for a PV that can bind (capacity, access modes, storageClassName)",
  },
};

const claimName = (pvc: V1PersistentVolumeClaim): string => pvc.metadata?.name ?? "?";
const storageClassOf = (pvc: V1PersistentVolumeClaim | undefined): string => pvc?.spec?.storageClassName ?? "<default>";
const describeClaim = (pvc: V1PersistentVolumeClaim): string =>
  `pvc ${claimName(pvc)}: phase=${pvc.status?.phase ?? "-"} storageClassName=${storageClassOf(pvc)} request=${pvc.spec?.resources?.requests?.storage ?? "-"}`;

/** Pending claims that the target is, or that its pods mount. */
function pendingClaims(e: Evidence): V1PersistentVolumeClaim[] {
  const used = new Set([...e.pods.flatMap(claimNamesOf), ...(e.target.kind === "PersistentVolumeClaim" ? [e.target.name] : [])]);
  return e.pvcs.filter((pvc) => pvc.status?.phase === "Pending" && used.has(claimName(pvc)));
}

function confidenceOf(fromScheduler: boolean, fromClaims: boolean): number {
  if (fromScheduler && fromClaims) return 0.9;
  return fromScheduler ? 0.8 : 0.75;
}

function pvcFindings(e: Evidence, claims: V1PersistentVolumeClaim[], schedulerLines: string[], m: PvcMessages): Finding[] {
  const events = findEvents(e, { reason: /ProvisioningFailed|FailedBinding|ExternalProvisioning/ });
  return [
    ...(claims.length > 0 ? [finding(m.pending, claims.map(describeClaim), "describe_pvc")] : []),
    ...(schedulerLines.length > 0 ? [finding(m.scheduler, schedulerLines, "check_pod_scheduling")] : []),
    ...(events.length > 0 ? [finding(m.provisioning, describeEvents(events), "get_events")] : []),
  ];
}

/** Detects unbound claims: scheduler and PVC status agree (0.9), scheduler only (0.8), PVC status only (0.75). */
export function detectPvcPending(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const claims = pendingClaims(e);
  const failures = schedulingFailures(e).filter((f) => f.items.some((i) => i.blocker === "pvc"));
  if (claims.length === 0 && failures.length === 0) return undefined;
  const names = claims.map(claimName).join(", ");
  const storageClass = storageClassOf(claims[0]);
  const schedulerLines = failures.slice(0, 3).map((f) => `pod ${f.pod}: ${f.message}`);
  return {
    mode: "pvc_pending",
    confidence: confidenceOf(failures.length > 0, claims.length > 0),
    conclusion: m.conclusion(names === "" ? "PVC" : names),
    rootCause: claims.length > 0 ? m.rootCause(names, storageClass) : m.rootCauseFromScheduler(failures[0]?.message ?? ""),
    findings: pvcFindings(e, claims, schedulerLines, m),
    suggestedActions: [m.checkClass(storageClass), m.checkVolumes],
  };
}
