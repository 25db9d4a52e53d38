/** What the settings code says to people, in Chinese (the default) and English. */
import type { Locale } from "./value-kinds.js";

type Message<A extends unknown[] = []> = Record<Locale, (...args: A) => string>;

export const MESSAGES = {
  bodyNotObject: {
    zh: () => "请求体必须是 JSON 对象",
    en: () => "the body must be a JSON object",
  } satisfies Message,
  emptyUpdate: {
    zh: () => "至少需要一个配置项",
    en: () => "at least one setting is required",
  } satisfies Message,
  unknownSetting: {
    zh: (key: string) => `未知的配置项: ${key}`,
    en: (key: string) => `unknown setting: ${key}`,
  } satisfies Message<[string]>,
  secretInConfigMap: {
    zh: (key: string) => `${key} 是密钥，应保存在 Secret kubefix-secrets 中；ConfigMap 中的值已忽略`,
    en: (key: string) => `${key} is a secret and belongs in Secret kubefix-secrets; the ConfigMap value is ignored`,
  } satisfies Message<[string]>,
  notSecret: {
    zh: (key: string) => `${key} 不是密钥，应保存在 ConfigMap kubefix-config 中；Secret 中的值已忽略`,
    en: (key: string) => `${key} is not a secret and belongs in ConfigMap kubefix-config; the Secret value is ignored`,
  } satisfies Message<[string]>,
  storedValueIgnored: {
    zh: (expectation: string) => `${expectation}；此值已忽略`,
    en: (expectation: string) => `${expectation}; the value is ignored`,
  } satisfies Message<[string]>,
};

/** Picks a supported locale from a loose value (a header, a setting), Chinese when unsure. */
export function localeOf(value: unknown): Locale {
  return typeof value === "string" && value.trim().toLowerCase().startsWith("en") ? "en" : "zh";
}
