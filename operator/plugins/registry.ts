/**
 * The plugin registry: publishes the built-ins as Plugin resources at
 * start-up, and runs tool calls with argument validation, the plugin's
 * timeout, metrics, and usage statistics in the Plugin's status. It owns
 * "dry run, then run": a plugin's Kubernetes client is guarded per pass
 * (see kube-access/). A plugin failure is a result value; nothing a plugin
 * does throws through here.
 */
import type { KubeConfig, ObservableMiddleware } from "@kubernetes/client-node";
import { retryOnConflict } from "../../lib/controller/retry-on-conflict.js";
import { apiErrorMessage, apiStatusCode, isApiStatus } from "../../lib/kube/client.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import type { Logger } from "../../lib/logger.js";
import { pluginDurationSeconds, pluginExecutionsTotal } from "../../lib/metrics.js";
import { PLUGINS, type Plugin, type PluginInput } from "../../lib/resources.js";
import type { PluginResourceView } from "../policy/plugin-floor.js";
import { checkArguments } from "./argument-check.js";
import { refusalOf } from "./call-refusal.js";
import type { AccessMode } from "./kube-access/request-guard.js";
import { runPass, type PassOutcome } from "./plugin-pass.js";
import { pluginResourceOf } from "./plugin-resource.js";
import { recordExecution } from "./plugin-stats.js";
import { resourceNameOf, type BuiltinPlugin, type PluginResult } from "./types.js";

export interface RegistryDeps {
  kc: KubeConfig;
  namespace: string;
  log: Logger;
  plugins: readonly BuiltinPlugin[];
  now?: () => Date;
  /** Aborted when the operator stops: every plugin request still in flight is cancelled. */
  signal?: AbortSignal;
  /** Middleware on every request a plugin sends, after the guard (tests record the requests with it). */
  requestMiddleware?: readonly ObservableMiddleware[];
}

export interface CallOptions {
  signal?: AbortSignal;
  log?: Logger;
}

/** How an executed step went: its dry-run pass, and the real pass if the dry run succeeded. */
export interface ExecutionOutcome {
  dryRun: PluginResult;
  result?: PluginResult;
}

type Prepared =
  | { ok: true; plugin: BuiltinPlugin; args: unknown; timeoutSeconds: number }
  | { ok: false; refused: PluginResult };

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

  /**
   * Runs diagnostic tool `name` with `rawArgs` on a read-only client (only
   * GET requests leave the process); always resolves with a result. A
   * remediation is refused here: it runs only through `execute`.
   */
  async call(name: string, rawArgs: unknown, opts: CallOptions = {}): Promise<PluginResult> {
    const prepared = await this.prepare(name, rawArgs);
    if (!prepared.ok) return prepared.refused;
    if (prepared.plugin.category !== "diagnostic") {
      const error = `${name} is a remediation; it runs only as an executed step, dry run first`;
      return { ok: false, summary: error, error };
    }
    const pass = await this.pass(prepared, "read-only", opts);
    this.recordUsage(name, pass);
    return pass.result;
  }

  /**
   * Runs remediation `name` as one step: a dry-run pass whose every write
   * the client sends as a server-side dry run, then, only if that pass
   * succeeded, the real pass, which may send only the writes the dry run got
   * accepted. `result` is absent when the real pass did not run; its
   * `outcome` is "unknown" when a write was sent without a clear answer.
   */
  async execute(name: string, rawArgs: unknown, opts: CallOptions = {}): Promise<ExecutionOutcome> {
    const prepared = await this.prepare(name, rawArgs);
    if (!prepared.ok) return { dryRun: prepared.refused };
    if (prepared.plugin.category !== "remediation") {
      const error = `${name} is not a remediation plugin; only remediations are executed`;
      return { dryRun: { ok: false, summary: error, error } };
    }
    const dryRun = await this.pass(prepared, "dry-run", opts);
    if (!dryRun.result.ok) return { dryRun: dryRun.result };
    const real = await this.pass(prepared, "write", { ...opts, proven: dryRun.accepted });
    this.recordUsage(name, real);
    return { dryRun: dryRun.result, result: real.result };
  }

  /** Runs only the dry-run pass of remediation `name` (to check a proposal): nothing is written. */
  async dryRun(name: string, rawArgs: unknown, opts: CallOptions = {}): Promise<PluginResult> {
    const prepared = await this.prepare(name, rawArgs);
    if (!prepared.ok) return prepared.refused;
    return (await this.pass(prepared, prepared.plugin.category === "remediation" ? "dry-run" : "read-only", opts)).result;
  }

  /** Finds the plugin, reads its resource (disabled refuses) and validates the arguments. */
  private async prepare(name: string, rawArgs: unknown): Promise<Prepared> {
    const plugin = this.byName.get(name);
    if (!plugin) return refusal(`unknown plugin ${name}`, `no plugin named ${name}`);
    const view = await this.readResource(name);
    const refused = refusalOf(plugin, view);
    if (refused) return { ok: false, refused };
    const checked = checkArguments(plugin.args, rawArgs);
    if (!checked.ok) {
      pluginExecutionsTotal.inc({ plugin: name, result: "invalid" });
      return refusal(checked.error, checked.error);
    }
    const timeoutSeconds = (view.readable ? view.spec.timeoutSeconds : undefined) ?? plugin.timeoutSeconds;
    return { ok: true, plugin, args: checked.args, timeoutSeconds };
  }

  private async pass(
    prepared: Extract<Prepared, { ok: true }>,
    mode: AccessMode,
    opts: CallOptions & { proven?: ReadonlySet<string> },
  ): Promise<PassOutcome> {
    const { plugin, args, timeoutSeconds } = prepared;
    const signals = [opts.signal, this.deps.signal].filter((s): s is AbortSignal => s !== undefined);
    const outcome = await runPass(plugin, args, {
      kc: this.deps.kc,
      installNamespace: this.deps.namespace,
      log: opts.log ?? this.deps.log,
      mode,
      timeoutSeconds,
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      ...(opts.proven ? { proven: opts.proven } : {}),
      ...(this.deps.requestMiddleware ? { middleware: this.deps.requestMiddleware } : {}),
    });
    pluginExecutionsTotal.inc({ plugin: plugin.name, result: metricResultOf(outcome) });
    pluginDurationSeconds.observe({ plugin: plugin.name }, outcome.seconds);
    return outcome;
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
    await retryOnConflict(async () => {
      const current = await this.client.get(resourceNameOf(name));
      const status = recordExecution(current.status, { ok: run.result.ok, durationSeconds: run.seconds, at, error: run.result.error });
      await this.client.patchStatus(resourceNameOf(name), { metadata: { resourceVersion: current.metadata.resourceVersion }, status });
    });
  }

  /** Resolves when every pending statistics update has been written (for shutdown and tests). */
  async flush(): Promise<void> {
    await Promise.all(this.statusChains.values());
  }
}

function refusal(summary: string, error: string): Prepared {
  return { ok: false, refused: { ok: false, summary, error } };
}

function metricResultOf(outcome: PassOutcome): string {
  if (outcome.result.ok) return "success";
  if (outcome.result.outcome === "unknown") return "unknown";
  return outcome.timedOut ? "timeout" : "error";
}
