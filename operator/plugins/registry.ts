/**
 * The plugin registry: publishes the built-ins as Plugin resources at
 * start-up, and executes tool calls with argument validation, the plugin's
 * timeout, metrics, and usage statistics in the Plugin's status. A plugin
 * failure is a result value; nothing a plugin does throws through here.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { apiErrorMessage, apiStatusCode, isApiStatus } from "../../lib/kube/client.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import type { Logger } from "../../lib/logger.js";
import { pluginDurationSeconds, pluginExecutionsTotal } from "../../lib/metrics.js";
import { PLUGINS, type Plugin, type PluginInput } from "../../lib/resources.js";
import type { PluginResourceView } from "../policy/plugin-floor.js";
import { checkArguments } from "./argument-check.js";
import { refusalOf } from "./call-refusal.js";
import { pluginResourceOf } from "./plugin-resource.js";
import { recordExecution } from "./plugin-stats.js";
import { resourceNameOf, type BuiltinPlugin, type PluginContext, type PluginResult } from "./types.js";

export interface RegistryDeps {
  kc: KubeConfig;
  namespace: string;
  log: Logger;
  plugins: readonly BuiltinPlugin[];
  now?: () => Date;
}

export interface CallOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  log?: Logger;
}

/** Spec fields a user may change on a built-in Plugin; start-up does not overwrite them. */
const USER_OWNED = ["enabled", "riskLevel", "requiresApproval", "timeoutSeconds"] as const;

export class PluginRegistry {
  private readonly client: KindClient<Plugin, PluginInput>;
  private readonly byName: Map<string, BuiltinPlugin>;
  private readonly statusChains = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly deps: RegistryDeps) {
    this.client = new KindClient(deps.kc, PLUGINS, deps.namespace);
    this.byName = new Map(deps.plugins.map((p) => [p.name, p]));
    this.now = deps.now ?? ((): Date => new Date());
  }

  /** The built-in plugin called `name`, if there is one. */
  get(name: string): BuiltinPlugin | undefined {
    return this.byName.get(name);
  }

  /**
   * What the plugin's Plugin resource says, or why it cannot be read (an apiserver error, forbidden, or
   * missing: a built-in's resource is created at start-up, so a missing one was deleted). Never throws.
   */
  async readResource(name: string): Promise<PluginResourceView> {
    const resourceName = resourceNameOf(name);
    try {
      const resource = await this.client.get(resourceName);
      return { readable: true, spec: resource.spec };
    } catch (err) {
      const code = apiStatusCode(err);
      const what = code === 404 ? "not found (deleted?)" : apiErrorMessage(err);
      return { readable: false, reason: `Plugin ${this.deps.namespace}/${resourceName}: ${what}` };
    }
  }

  /** Whether a user left the plugin enabled: its Plugin resource's spec.enabled; false when it cannot be read. */
  async isEnabled(name: string): Promise<boolean> {
    const view = await this.readResource(name);
    return view.readable && view.spec.enabled !== false;
  }

  /** Every built-in plugin. */
  list(): BuiltinPlugin[] {
    return [...this.byName.values()];
  }

  /** Creates each built-in's Plugin resource, or updates what the operator owns of an existing one. */
  async install(): Promise<void> {
    for (const plugin of this.byName.values()) {
      const body = pluginResourceOf(plugin, this.deps.namespace);
      const name = body.metadata.name ?? "";
      try {
        await this.client.create(body);
      } catch (err) {
        if (!isApiStatus(err, 409)) throw err;
        const spec: Record<string, unknown> = { ...body.spec };
        for (const key of USER_OWNED) delete spec[key];
        await this.client.patch(name, { metadata: { labels: body.metadata.labels }, spec });
      }
    }
    this.deps.log.info({ plugins: this.byName.size }, "built-in plugins installed");
  }

  /** Runs tool `name` with `rawArgs`; always resolves with a result. */
  async call(name: string, rawArgs: unknown, opts: CallOptions = {}): Promise<PluginResult> {
    const plugin = this.byName.get(name);
    if (!plugin) return { ok: false, summary: `unknown plugin ${name}`, error: `no plugin named ${name}` };
    const view = await this.readResource(name);
    const refusal = refusalOf(plugin, view);
    if (refusal) return refusal;
    const checked = checkArguments(plugin.args, rawArgs);
    if (!checked.ok) {
      pluginExecutionsTotal.inc({ plugin: name, result: "invalid" });
      return { ok: false, summary: checked.error, error: checked.error };
    }
    const timeoutSeconds = (view.readable ? view.spec.timeoutSeconds : undefined) ?? plugin.timeoutSeconds;
    const result = await this.runTimed(plugin, checked.args, timeoutSeconds, opts);
    if (!opts.dryRun) this.recordUsage(name, result);
    return result.result;
  }

  private async runTimed(
    plugin: BuiltinPlugin,
    args: unknown,
    timeoutSeconds: number,
    opts: CallOptions,
  ): Promise<{ result: PluginResult; seconds: number }> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const ctx: PluginContext = {
      kc: this.deps.kc,
      installNamespace: this.deps.namespace,
      log: (opts.log ?? this.deps.log).child({ plugin: plugin.name }),
      signal,
      dryRun: opts.dryRun ?? false,
    };
    const result = await Promise.race([
      plugin.run(ctx, args).catch((err: unknown) => failure(plugin.name, err)),
      abortedResult(signal, plugin.name, timeoutSeconds),
    ]);
    const seconds = (performance.now() - started) / 1000;
    pluginExecutionsTotal.inc({ plugin: plugin.name, result: outcomeOf(result, timeout) });
    pluginDurationSeconds.observe({ plugin: plugin.name }, seconds);
    return { result, seconds };
  }

  /** Folds an execution into the Plugin's status; updates of one plugin are serialized and retried on conflict. */
  private recordUsage(name: string, run: { result: PluginResult; seconds: number }): void {
    const previous = this.statusChains.get(name) ?? Promise.resolve();
    const next = previous.then(() => this.writeUsage(name, run)).catch((err: unknown) => {
      this.deps.log.warn({ plugin: name, error: apiErrorMessage(err) }, "could not update plugin statistics");
    });
    this.statusChains.set(name, next);
  }

  private async writeUsage(name: string, run: { result: PluginResult; seconds: number }): Promise<void> {
    const at = this.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.client.get(resourceNameOf(name));
      const status = recordExecution(current.status, {
        ok: run.result.ok,
        durationSeconds: run.seconds,
        at,
        error: run.result.error,
      });
      try {
        await this.client.patchStatus(resourceNameOf(name), {
          metadata: { resourceVersion: current.metadata.resourceVersion },
          status,
        });
        return;
      } catch (err) {
        if (!isApiStatus(err, 409)) throw err;
      }
    }
  }

  /** Resolves when every pending statistics update has been written (for shutdown and tests). */
  async flush(): Promise<void> {
    await Promise.all(this.statusChains.values());
  }
}

function failure(plugin: string, err: unknown): PluginResult {
  const message = apiErrorMessage(err);
  return { ok: false, summary: `${plugin} failed: ${message}`, error: message };
}

function abortedResult(signal: AbortSignal, plugin: string, timeoutSeconds: number): Promise<PluginResult> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
      const error = timedOut ? `timed out after ${timeoutSeconds}s` : "cancelled";
      resolve({ ok: false, summary: `${plugin} ${error}`, error });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

function outcomeOf(result: PluginResult, timeout: AbortSignal): string {
  if (result.ok) return "success";
  return timeout.aborted ? "timeout" : "error";
}
