/**
 * The facade's side of the runtime settings: the config and environment
 * ports over lib/settings, and the locale and LLM status every response
 * needs, kept from a read refreshed every few seconds and after each write
 * (so a request never waits for a ConfigMap GET just to pick a language).
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { componentLogger } from "../lib/logger.js";
import {
  EnvironmentContextStore,
  isSecretSetting,
  localeOf,
  renderConfigDocument,
  SettingsStore,
  validateSettingsUpdate,
  type EffectiveSettings,
} from "../lib/settings/index.js";
import { ApiError } from "./envelope.js";
import type { EnvironmentPort, SettingsPort } from "./deps.js";
import type { Locale } from "./messages.js";
import { bounded } from "./upstream.js";

const log = componentLogger("api-settings");
const REFRESH_MS = 10_000;

export interface SettingsPorts {
  settings: SettingsPort;
  environment: EnvironmentPort;
  locale: () => Locale;
  llmStatus: () => string;
  /** DEDUPE_WINDOW_MINUTES as it stands now, in milliseconds. */
  dedupeWindowMs: () => number;
  refresh(): Promise<void>;
  stop(): void;
}

/** The ports over the stores in `namespace`. */
export function settingsPorts(kc: KubeConfig, namespace: string): SettingsPorts {
  const store = new SettingsStore({ kc, namespace });
  let current: EffectiveSettings | undefined;
  const refresh = async (): Promise<void> => {
    current = await bounded("read settings", store.read());
  };
  const timer = setInterval(() => {
    refresh().catch((err: unknown) => log.warn({ err }, "could not read settings; keeping the last ones"));
  }, REFRESH_MS);
  timer.unref();
  const locale = (): Locale => localeOf(current?.values.LOCALE);
  // One store per language (its problems are worded in it), made once rather than per request.
  const environmentStores = {
    zh: new EnvironmentContextStore({ kc, namespace, locale: "zh" }),
    en: new EnvironmentContextStore({ kc, namespace, locale: "en" }),
  };
  const environmentStore = (l: Locale): EnvironmentContextStore => environmentStores[l];

  const settings: SettingsPort = {
    document: async () => {
      await refresh();
      return renderConfigDocument(current!);
    },
    update: async (body, l) => {
      const checked = validateSettingsUpdate(body, l);
      if (!checked.ok) return checked.issues;
      // No re-read here: the route answers with document(), which reads the stores again.
      await bounded("write settings", store.update(checked.values));
      return undefined;
    },
    isSecretKey: isSecretSetting,
  };

  const environment: EnvironmentPort = {
    read: async () => {
      const result = await bounded("read environment context", environmentStore(locale()).read());
      if (result.ok) return result.context;
      // A hand edit broke the stored map: say what is wrong with it instead of failing opaquely.
      throw new ApiError("CONFLICT", "conflict", result.problem.issues ?? [{ field: "context.yaml", message: result.problem.message }]);
    },
    write: async (body, l) => {
      const result = await bounded("write environment context", environmentStore(l).write(body));
      if (result.ok) return undefined;
      return result.problem.issues ?? [{ field: "body", message: result.problem.message }];
    },
  };

  return {
    settings,
    environment,
    locale,
    llmStatus: () => (current?.secrets.LLM_API_KEY ? "configured" : "not_configured"),
    dedupeWindowMs: () => Number(current?.values.DEDUPE_WINDOW_MINUTES ?? 30) * 60_000,
    refresh,
    stop: () => clearInterval(timer),
  };
}
