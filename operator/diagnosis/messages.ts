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
}

const zh: EngineMessages = {
  unknownConclusion: "未能确定根因",
  unknownRootCause: (pods, events) =>
    `检查了 ${pods} 个 Pod 和 ${events} 条事件，没有匹配任何已知的故障模式`,
  escalate: "升级给值班工程师人工排查",
  alsoFound: (conclusion) => `同时发现：${conclusion}`,
  toolFailures: (count) => `${count} 个诊断工具调用失败，证据可能不完整`,
  knowledge: (title) => `知识库相关条目：${title}`,
};

const en: EngineMessages = {
  unknownConclusion: "Root cause not determined",
  unknownRootCause: (pods, events) =>
    `Examined ${pods} pods and ${events} events; none matched a known failure mode`,
  escalate: "Escalate to the on-call engineer for manual investigation",
  alsoFound: (conclusion) => `Also found: ${conclusion}`,
  toolFailures: (count) => `${count} diagnostic tool calls failed; the evidence may be incomplete`,
  knowledge: (title) => `Related knowledge entry: ${title}`,
};

/** The engine's texts by locale. */
export const ENGINE_MESSAGES: Record<Locale, EngineMessages> = { zh, en };
