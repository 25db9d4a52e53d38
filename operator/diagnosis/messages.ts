/** Languages and shared texts of the rule engine; each rule keeps its own table beside its logic. */

/** The languages a diagnosis is written in; Chinese is the default, as in the REST reference. */
export type Locale = "zh" | "en";

/** The locale used when a caller names none. */
export const DEFAULT_LOCALE: Locale = "zh";

/** Texts of the engine itself: the unknown outcome and the findings it adds around a match. */
export interface EngineMessages {
  unknownConclusion: string;
  unknownRootCause: (pods: number, events: number) => string;
  escalate: string;
  alsoFound: (conclusion: string) => string;
  toolFailures: (count: number) => string;
  knowledge: (title: string) => string;
  /** The finding that lists the evidence outside the freshness window. */
  staleEvidence: (count: number, window: string) => string;
  /** One stale fact's age at the alert, or that its time was not recorded. */
  staleAge: (age: string | undefined) => string;
  /** A mode only stale evidence shows. */
  staleMode: (conclusion: string, age: string | undefined, confidence: number) => string;
  /** The root cause when only stale evidence matched a mode. */
  onlyStale: (modes: string, window: string) => string;
}

const zh: EngineMessages = {
  unknownConclusion: "未能确定根因",
  unknownRootCause: (pods, events) =>
    `检查了 ${pods} 个 Pod 和 ${events} 条事件，没有匹配任何已知的故障模式`,
  escalate: "升级给值班工程师人工排查",
  alsoFound: (conclusion) => `同时发现：${conclusion}`,
  toolFailures: (count) => `${count} 个诊断工具调用失败，证据可能不完整`,
  knowledge: (title) => `知识库相关条目：${title}`,
  staleEvidence: (count, window) => `${count} 条证据早于告警前 ${window} 的时效窗口，不作为处置依据`,
  staleAge: (age) => (age === undefined ? "未记录时间" : `告警前 ${age}`),
  staleMode: (conclusion, age, confidence) =>
    `仅在过期证据中发现：${conclusion}（${age === undefined ? "时间未记录" : `告警前 ${age}`}，置信度按时间降为 ${confidence}，不提出修复）`,
  onlyStale: (modes, window) => `；仅有告警前 ${window} 之外的旧证据显示：${modes}，当前状态正常，不据此修复`,
};

const en: EngineMessages = {
  unknownConclusion: "Root cause not determined",
  unknownRootCause: (pods, events) =>
    `Examined ${pods} pods and ${events} events; none matched a known failure mode`,
  escalate: "Escalate to the on-call engineer for manual investigation",
  alsoFound: (conclusion) => `Also found: ${conclusion}`,
  toolFailures: (count) => `${count} diagnostic tool calls failed; the evidence may be incomplete`,
  knowledge: (title) => `Related knowledge entry: ${title}`,
  staleEvidence: (count, window) => `${count} pieces of evidence are older than the ${window} freshness window before the alert; no fix is based on them`,
  staleAge: (age) => (age === undefined ? "time not recorded" : `${age} before the alert`),
  staleMode: (conclusion, age, confidence) =>
    `Only in stale evidence: ${conclusion} (${age === undefined ? "time not recorded" : `${age} before the alert`}; confidence lowered by age to ${confidence}; no fix proposed)`,
  onlyStale: (modes, window) => `; only evidence older than the ${window} window before the alert shows: ${modes}; the current state does not, so nothing is fixed on it`,
};

/** The engine's texts by locale. */
export const ENGINE_MESSAGES: Record<Locale, EngineMessages> = { zh, en };
