/** Runtime settings and the environment context: see README.md for every key and the precedence. */
export { isSecretSetting, SECTIONS, SETTING_KEYS, SETTINGS, settingByKey, type Section, type SettingDefinition } from "./catalog.js";
export { SETTINGS_CONFIGMAP, SETTINGS_SECRET, SettingsStore, type SettingsStoreOptions } from "./config-store.js";
export { baselineFromEnv, effectiveSettings, type EffectiveSettings, type SettingProblem, type SettingSource } from "./effective-settings.js";
export * from "./environment-context.js";
export { localeOf } from "./messages.js";
export { overlayOperatorConfig, type OperatorOverlay } from "./operator-overlay.js";
export { renderConfigDocument, SECRET_MASK } from "./render-config.js";
export { validateSettingsUpdate, type SettingsIssue, type SettingsUpdateResult } from "./validate.js";
export type { Locale, SettingValue } from "./value-kinds.js";
