/** missing_config: a workload references a ConfigMap, Secret or key that does not exist. */
import type { CoreV1Event } from "@kubernetes/client-node";
import type { Evidence, MissingRef } from "../evidence.js";
import { describeContainer, stateMessage } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { allContainers, type PodContainer } from "../facts/pods.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

interface ConfigMessages {
  conclusion: (refs: string) => string;
  rootCause: (refs: string) => string;
  configError: string;
  missingRefs: string;
  failedMount: string;
  create: (refs: string) => string;
  checkDeploy: string;
}

const MESSAGES: Record<Locale, ConfigMessages> = {
  zh: {
    conclusion: (refs) => `缺少配置：${refs}`,
    rootCause: (refs) => `工作负载引用的 ${refs} 不存在，容器无法创建或卷无法挂载`,
    configError: "容器因配置错误无法创建（CreateContainerConfigError）",
    missingRefs: "工作负载引用了不存在的 ConfigMap/Secret",
    failedMount: "卷挂载失败",
    create: (refs) => `创建缺失的 ${refs}，或修正工作负载中的引用`,
    checkDeploy: "确认配置是否随发布一同部署（例如 Helm values、外部 Secret 同步）",
  },
  en: {
    conclusion: (refs) => `Missing configuration: ${refs}`,
    rootCause: (refs) => `The workload references ${refs}, which does not exist; containers cannot be created or volumes mounted`,
    configError: "Containers cannot be created because of their configuration (CreateContainerConfigError)",
    missingRefs: "The workload references ConfigMaps/Secrets that do not exist",
    failedMount: "Volume mounts fail",
    create: (refs) => `Create the missing ${refs}, or fix the references in the workload`,
    checkDeploy: "Check that the configuration is deployed with the release (Helm values, external secret sync)",
  },
};

const NOT_FOUND = /(configmap|secret) "([^"]+)" not found/gi;
const MISSING_KEY = /couldn't find key (\S+) in (ConfigMap|Secret) (?:[^/\s]+\/)?(\S+)/gi;

/** The references a kubelet message says are missing. */
export function refsInMessage(message: string): MissingRef[] {
  const kindOf = (word: string): MissingRef["kind"] => (word.toLowerCase() === "secret" ? "Secret" : "ConfigMap");
  const notFound = [...message.matchAll(NOT_FOUND)].map((m) => ({ kind: kindOf(m[1] ?? ""), name: m[2] ?? "" }));
  const keys = [...message.matchAll(MISSING_KEY)].map((m) => ({ kind: kindOf(m[2] ?? ""), name: m[3] ?? "", key: m[1] ?? "" }));
  return [...notFound, ...keys];
}

const refText = (r: MissingRef): string => `${r.kind} ${r.name}${r.key === undefined ? "" : ` (key ${r.key})`}`;
const usedByText = (r: MissingRef): string => [r.usedBy ?? []].flat().join(",");

function refsText(refs: MissingRef[]): string {
  const texts = [...new Set(refs.map(refText))];
  return texts.length === 0 ? "ConfigMap/Secret" : texts.slice(0, 3).join(", ");
}

function confidenceOf(fromStatus: boolean, fromRefs: boolean, fromEvents: boolean): number {
  if (fromStatus) return 0.95;
  return fromRefs || fromEvents ? 0.85 : 0;
}

function configFindings(e: Evidence, failing: PodContainer[], mounts: CoreV1Event[], m: ConfigMessages): Finding[] {
  const statusLines = failing.slice(0, 3).flatMap((c) => [describeContainer(c.pod, c.status), stateMessage(c.status)]);
  const refLines = e.missingRefs.map((r) => `${refText(r)} missing, used by ${usedByText(r)}`);
  return [
    ...(statusLines.length > 0 ? [finding(m.configError, statusLines, "describe_pod")] : []),
    ...(refLines.length > 0 ? [finding(m.missingRefs, refLines, "get_configmap_secret_refs")] : []),
    ...(mounts.length > 0 ? [finding(m.failedMount, describeEvents(mounts), "get_events")] : []),
  ];
}

/** Detects CreateContainerConfigError (0.95), or missing references from the refs tool or FailedMount events (0.85). */
export function detectMissingConfig(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const m = MESSAGES[locale];
  const failing = allContainers(e.pods).filter((c) => c.status.state?.waiting?.reason === "CreateContainerConfigError");
  const mounts = findEvents(e, { reason: "FailedMount", message: /(configmap|secret) "[^"]+" not found/i });
  const confidence = confidenceOf(failing.length > 0, e.missingRefs.length > 0, mounts.length > 0);
  if (confidence === 0) return undefined;
  const refs = [
    ...failing.flatMap((c) => refsInMessage(stateMessage(c.status))),
    ...e.missingRefs,
    ...mounts.flatMap((ev) => refsInMessage(ev.message ?? "")),
  ];
  return {
    mode: "missing_config",
    confidence,
    conclusion: m.conclusion(refsText(refs)),
    rootCause: m.rootCause(refsText(refs)),
    findings: configFindings(e, failing, mounts, m),
    suggestedActions: [m.create(refsText(refs)), m.checkDeploy],
  };
}
