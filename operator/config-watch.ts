/**
 * Live operator settings: watches ConfigMap kubefix-config and lays its
 * operator settings over the configuration the operator started with
 * (defaults and KUBEFIX_* variables), so a change applies to the next
 * reconcile without a restart. Deleting the ConfigMap returns to the base.
 */
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from "@kubernetes/client-node";
import { isDeepStrictEqual } from "node:util";
import { ResilientInformer, type InformerEvent } from "../lib/controller/informer.js";
import { componentLogger, type Logger } from "../lib/logger.js";
import { SETTINGS_CONFIGMAP } from "../lib/settings/config-store.js";
import { overlayOperatorConfig } from "../lib/settings/operator-overlay.js";
import type { OperatorConfig } from "../lib/settings/operator-config.js";

/** What the watch needs of an informer; tests hand in a fake. */
export interface ConfigMapSource {
  on(listener: (event: InformerEvent, obj: V1ConfigMap) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ConfigWatchOptions {
  kc: KubeConfig;
  /** The configuration without the ConfigMap: configFromEnv's, or the one passed to startOperator. */
  base: OperatorConfig;
  source?: ConfigMapSource;
  log?: Logger;
}

// Every ConfigMap of the namespace, not a label-selected few: one made with `kubectl create configmap` has no labels.
function namespaceConfigMaps(kc: KubeConfig, namespace: string): ConfigMapSource {
  const core = kc.makeApiClient(CoreV1Api);
  return new ResilientInformer<V1ConfigMap>({
    kc,
    name: "settings",
    path: `/api/v1/namespaces/${namespace}/configmaps`,
    list: () => core.listNamespacedConfigMap({ namespace }),
  });
}

/** The operator's configuration as ConfigMap kubefix-config currently says. */
export class OperatorConfigWatch {
  private config: OperatorConfig;
  private readonly source: ConfigMapSource;
  private readonly log: Logger;

  constructor(private readonly opts: ConfigWatchOptions) {
    this.config = opts.base;
    this.log = opts.log ?? componentLogger("config-watch");
    this.source = opts.source ?? namespaceConfigMaps(opts.kc, opts.base.namespace);
    this.source.on((event, cm) => this.onEvent(event, cm));
  }

  /** The configuration to use now. */
  current(): OperatorConfig {
    return this.config;
  }

  /** Starts watching; resolves once the ConfigMap (if any) has been read, so nothing runs on a stale config. */
  async start(): Promise<void> {
    await this.source.start();
  }

  async stop(): Promise<void> {
    await this.source.stop();
  }

  private onEvent(event: InformerEvent, cm: V1ConfigMap): void {
    if (cm.metadata?.name !== SETTINGS_CONFIGMAP) return;
    const data = event === "delete" ? undefined : cm.data;
    const { config, applied, problems } = overlayOperatorConfig(this.opts.base, data);
    for (const p of problems) this.log.warn({ key: p.key, problem: p.message }, `a setting in ${SETTINGS_CONFIGMAP} was ignored`);
    if (isDeepStrictEqual(config, this.config)) return;
    this.config = config;
    this.log.info({ event, applied, resourceVersion: cm.metadata?.resourceVersion }, "operator settings reloaded");
  }
}
