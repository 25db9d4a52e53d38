/**
 * Runtime settings in the cluster: non-secret values in ConfigMap
 * kubefix-config, secrets in Secret kubefix-secrets, both in kubefix's
 * namespace. The REST facade reads and updates them here; the operator
 * follows the ConfigMap (operator/config-watch.ts).
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { settingByKey } from "./catalog.js";
import { baselineFromEnv, effectiveSettings, type Baseline, type EffectiveSettings } from "./effective-settings.js";
import { SettingsMaps } from "./kube-maps.js";
import type { Locale } from "./value-kinds.js";

export { renderConfigDocument, SECRET_MASK } from "./render-config.js";

export const SETTINGS_CONFIGMAP = "kubefix-config";
export const SETTINGS_SECRET = "kubefix-secrets";

export interface SettingsStoreOptions {
  kc: KubeConfig;
  namespace: string;
  /** Where the KUBEFIX_* values below the ConfigMap come from; process.env when left out. */
  env?: NodeJS.ProcessEnv;
  /** Language of the problems `read` reports; Chinese when left out. */
  locale?: Locale;
}

/** Splits an update into the ConfigMap's part and the Secret's; throws on a key the catalog does not know. */
function splitBySecrecy(values: Readonly<Record<string, string | null>>): {
  plain: Record<string, string | null>;
  secret: Record<string, string | null>;
} {
  const plain: Record<string, string | null> = {};
  const secret: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(values)) {
    const def = settingByKey(key);
    if (!def) throw new Error(`unknown setting ${key}; validate the update with validateSettingsUpdate first`);
    (def.secret ? secret : plain)[key] = value;
  }
  return { plain, secret };
}

/** Reads and updates the settings kept in ConfigMap kubefix-config and Secret kubefix-secrets. */
export class SettingsStore {
  private readonly maps: SettingsMaps;
  private readonly baseline: Baseline;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: SettingsStoreOptions) {
    this.maps = new SettingsMaps(opts.kc, opts.namespace, "settings");
    this.env = opts.env ?? process.env;
    this.baseline = baselineFromEnv(this.env);
  }

  /** The effective settings: defaults < environment < cluster. Secrets only as set or not. */
  async read(): Promise<EffectiveSettings> {
    const [configData, secretData] = await Promise.all([
      this.maps.configMapData(SETTINGS_CONFIGMAP),
      this.maps.secretData(SETTINGS_SECRET),
    ]);
    const secretKeys = Object.entries(secretData ?? {}).filter(([, v]) => v !== "").map(([k]) => k);
    return effectiveSettings({ baseline: this.baseline, configData: configData ?? {}, secretKeys, locale: this.opts.locale });
  }

  /** Stores validated values (see validateSettingsUpdate); null removes the key, back to the environment or default. */
  async update(values: Readonly<Record<string, string | null>>): Promise<void> {
    const { plain, secret } = splitBySecrecy(values);
    if (Object.keys(plain).length > 0) await this.maps.mergeConfigMap(SETTINGS_CONFIGMAP, plain);
    if (Object.keys(secret).length > 0) await this.maps.mergeSecret(SETTINGS_SECRET, secret);
  }

  /** The value of secret setting `key` for code that uses it (an LLM client, Feishu signatures); never for responses. */
  async secret(key: string): Promise<string | undefined> {
    const def = settingByKey(key);
    if (!def?.secret) throw new Error(`${key} is not a secret setting`);
    const stored = (await this.maps.secretData(SETTINGS_SECRET))?.[key];
    return stored || this.env[def.env] || undefined;
  }
}
