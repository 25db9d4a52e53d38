/**
 * One pass of one plugin call: a guarded Kubernetes client in the pass's
 * access mode, the plugin's timeout as an abort signal on every request,
 * and the outcome judged from the writes that were sent, not from what the
 * plugin says about them.
 */
import type { KubeConfig, ObservableMiddleware } from "@kubernetes/client-node";
import { apiErrorMessage } from "../../lib/kube/client.js";
import type { Logger } from "../../lib/logger.js";
import { GuardedKubeConfig } from "./kube-access/guarded-kube-config.js";
import type { AccessMode } from "./kube-access/request-guard.js";
import { acceptedWrites, unknownWrites, WriteLedger, type WriteRecord } from "./kube-access/write-ledger.js";
import type { BuiltinPlugin, PluginContext, PluginResult } from "./types.js";

/** What a pass needs besides the plugin and its arguments. */
export interface PassSetup {
  kc: KubeConfig;
  installNamespace: string;
  log: Logger;
  mode: AccessMode;
  timeoutSeconds: number;
  /** Cancels the pass from outside (operator shutdown, the caller's own signal). */
  signal?: AbortSignal;
  /** The writes the dry-run pass got accepted (write mode). */
  proven?: ReadonlySet<string>;
  middleware?: readonly ObservableMiddleware[];
}

export interface PassOutcome {
  result: PluginResult;
  seconds: number;
  /** True when the plugin's timeout (not a caller) ended the pass. */
  timedOut: boolean;
  /** The writes the apiserver accepted in this pass. */
  accepted: Set<string>;
}

/** Runs `plugin` once in `setup.mode`; always resolves. */
export async function runPass(plugin: BuiltinPlugin, args: unknown, setup: PassSetup): Promise<PassOutcome> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(setup.timeoutSeconds * 1000);
  const ended = new AbortController();
  const signal = AbortSignal.any([timeout, ended.signal, ...(setup.signal ? [setup.signal] : [])]);
  const ledger = new WriteLedger();
  const kc = new GuardedKubeConfig(setup.kc, { mode: setup.mode, signal, ledger, proven: setup.proven, middleware: setup.middleware });
  const ctx: PluginContext = {
    kc,
    installNamespace: setup.installNamespace,
    log: setup.log.child({ plugin: plugin.name, access: setup.mode }),
    signal,
    dryRun: setup.mode === "dry-run",
  };
  const result = await Promise.race([
    plugin.run(ctx, args).catch((err: unknown) => failure(plugin.name, err)),
    abortedResult(signal, plugin.name, setup.timeoutSeconds),
  ]);
  // Whatever the plugin still does after this is refused, and a request still open is cancelled.
  kc.close();
  const writes = ledger.snapshot();
  ended.abort(new Error("the plugin call has ended"));
  return {
    result: judgeOutcome(setup.mode, result, writes),
    seconds: (performance.now() - started) / 1000,
    timedOut: timeout.aborted,
    accepted: acceptedWrites(writes),
  };
}

/**
 * The result as far as the cluster can tell: in the write pass, a write
 * sent without a clear answer may have landed, so the step's outcome is
 * unknown whatever the plugin reported. A dry run never has an unknown
 * outcome: none of its writes can persist.
 */
export function judgeOutcome(mode: AccessMode, result: PluginResult, writes: readonly WriteRecord[]): PluginResult {
  const unknown = mode === "write" ? unknownWrites(writes) : [];
  if (unknown.length === 0) return result;
  const error = `the outcome of ${unknown.join(", ")} is unknown (no clear answer before the call ended: ${result.error ?? result.summary})`;
  return {
    ...result,
    ok: false,
    outcome: "unknown",
    summary: `${result.summary}; the write may or may not have landed`,
    error,
    data: { ...result.data, unknownWrites: unknown },
  };
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
