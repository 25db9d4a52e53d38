/**
 * The environment context lives as YAML in ConfigMap
 * kubefix-environment-context (key context.yaml), so `kubectl edit` shows
 * something a person can read. A hand edit that broke it comes back as a
 * problem the caller can show, never as an exception.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { parse, stringify } from "yaml";
import {
  emptyEnvironmentContext,
  validateEnvironmentContext,
  type ContextIssue,
  type EnvironmentContext,
} from "./environment-context-schema.js";
import { SettingsMaps } from "./kube-maps.js";
import type { Locale } from "./value-kinds.js";

export * from "./environment-context-schema.js";

export const ENVIRONMENT_CONTEXT_CONFIGMAP = "kubefix-environment-context";
export const ENVIRONMENT_CONTEXT_KEY = "context.yaml";
/** Well under a ConfigMap's 1 MiB, and more than any description of a cluster needs. */
export const MAX_CONTEXT_BYTES = 256 * 1024;

export type ContextProblemReason = "invalid_yaml" | "invalid_context" | "too_large";

/** Why a context could not be read or written; `issues` names fields for invalid_context. */
export interface EnvironmentContextProblem {
  reason: ContextProblemReason;
  message: string;
  issues: ContextIssue[];
}

export type ContextResult = { ok: true; context: EnvironmentContext } | { ok: false; problem: EnvironmentContextProblem };

const WHERE = `ConfigMap ${ENVIRONMENT_CONTEXT_CONFIGMAP} (${ENVIRONMENT_CONTEXT_KEY})`;
const PROBLEM_TEXT: Record<ContextProblemReason, Record<Locale, (detail: string) => string>> = {
  invalid_yaml: { zh: (d) => `${WHERE} 不是有效的 YAML: ${d}`, en: (d) => `${WHERE} is not valid YAML: ${d}` },
  invalid_context: { zh: () => "环境上下文格式不正确", en: () => "the environment context is not valid" },
  too_large: { zh: () => `环境上下文超过 ${MAX_CONTEXT_BYTES / 1024} KiB`, en: () => `the environment context exceeds ${MAX_CONTEXT_BYTES / 1024} KiB` },
};

const problem = (reason: ContextProblemReason, locale: Locale, detail = "", issues: ContextIssue[] = []): ContextResult => ({
  ok: false,
  problem: { reason, message: PROBLEM_TEXT[reason][locale](detail), issues },
});

const tooLarge = (text: string): boolean => Buffer.byteLength(text, "utf8") > MAX_CONTEXT_BYTES;

const HEADER = "# kubefix environment context: services, infrastructure, alert_definitions (see lib/settings/README.md)\n";

/** The YAML stored for `ctx`. */
export function renderContextYaml(ctx: EnvironmentContext): string {
  return HEADER + stringify(ctx);
}

/** Reads stored YAML; empty text is the empty context. */
export function parseContextYaml(text: string, locale: Locale = "zh"): ContextResult {
  if (tooLarge(text)) return problem("too_large", locale);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const detail = (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
    return problem("invalid_yaml", locale, detail);
  }
  const checked = validateEnvironmentContext(doc ?? {}, locale);
  return checked.ok ? checked : problem("invalid_context", locale, "", checked.issues);
}

export interface EnvironmentContextStoreOptions {
  kc: KubeConfig;
  namespace: string;
  locale?: Locale;
}

/** Reads and writes the environment context of kubefix's namespace. */
export class EnvironmentContextStore {
  private readonly maps: SettingsMaps;
  private readonly locale: Locale;

  constructor(opts: EnvironmentContextStoreOptions) {
    this.maps = new SettingsMaps(opts.kc, opts.namespace, "environment-context");
    this.locale = opts.locale ?? "zh";
  }

  /** The stored context; the empty one when nothing is stored; a problem when a hand edit broke it. */
  async read(): Promise<ContextResult> {
    const text = (await this.maps.configMapData(ENVIRONMENT_CONTEXT_CONFIGMAP))?.[ENVIRONMENT_CONTEXT_KEY];
    return text === undefined ? { ok: true, context: emptyEnvironmentContext() } : parseContextYaml(text, this.locale);
  }

  /** Validates `input` and replaces the stored context with it; returns what was stored, or why nothing was. */
  async write(input: unknown): Promise<ContextResult> {
    const checked = validateEnvironmentContext(input, this.locale);
    if (!checked.ok) return problem("invalid_context", this.locale, "", checked.issues);
    const text = renderContextYaml(checked.context);
    if (tooLarge(text)) return problem("too_large", this.locale);
    await this.maps.mergeConfigMap(ENVIRONMENT_CONTEXT_CONFIGMAP, { [ENVIRONMENT_CONTEXT_KEY]: text });
    return checked;
  }
}
