/**
 * `kubefix operator`: installs the built-in plugins, elects a leader through
 * a Lease, and while leading runs the incident controller. A lost lease
 * stops the controllers; SIGTERM releases the lease and drains the queue.
 * The settings in ConfigMap kubefix-config are followed while it runs.
 */
import { hostname } from "node:os";
import type { KubeConfig } from "@kubernetes/client-node";
import { Controller } from "../lib/controller/controller.js";
import { ResilientInformer } from "../lib/controller/informer.js";
import { LeaderElector } from "../lib/controller/leader-election.js";
import { EventRecorder } from "../lib/kube/event-recorder.js";
import { KindClient } from "../lib/kube/kind-client.js";
import { componentLogger } from "../lib/logger.js";
import { collectionPath, INCIDENTS, type Incident, type IncidentInput } from "../lib/resources.js";
import type { OperatorConfig } from "../lib/settings/operator-config.js";
import { OperatorConfigWatch } from "./config-watch.js";
import { DedupeClaims } from "../lib/intake/dedupe-claim.js";
import { diagnosticPlugins } from "./plugins/builtin/diagnostic/index.js";
import { remediationPlugins } from "./plugins/builtin/remediation/index.js";
import { PluginRegistry } from "./plugins/registry.js";
import type { BuiltinPlugin } from "./plugins/types.js";
import type { DiagnosisEngine } from "./lifecycle/engine.js";
import { ExecutionClaims } from "./lifecycle/execution-claims.js";
import { IncidentReconciler } from "./lifecycle/incident-reconciler.js";
import { createRuleEngine } from "./lifecycle/rule-engine-adapter.js";
import { VerifyWatch } from "./verify/verify-watch.js";

const log = componentLogger("operator");

export interface OperatorOptions {
  kc: KubeConfig;
  config: OperatorConfig;
  /** Unique per process; the Lease holder. */
  identity?: string;
  engine?: DiagnosisEngine;
  /** Plugins in addition to the built-ins (custom tools; tests use it for slow or counting steps). */
  extraPlugins?: readonly BuiltinPlugin[];
  /** Lease timings, shortened by tests. */
  lease?: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  /** Lay ConfigMap kubefix-config's operator settings over `config` and follow its changes (default true). */
  watchSettings?: boolean;
  /** Fallback between verification checks when no watch event wakes one (default 20 s); tests raise it. */
  verifyResyncMs?: number;
}

export interface RunningOperator {
  elector: LeaderElector;
  registry: PluginRegistry;
  /** The configuration in force now: `config` with the ConfigMap's settings over it. */
  config(): OperatorConfig;
  stop(): Promise<void>;
}

/** The incident controller and the watch that wakes its verifying incidents, started and stopped together. */
interface IncidentControl {
  start(): Promise<void>;
  stop(): Promise<void>;
}

function incidentController(opts: OperatorOptions, registry: PluginRegistry, liveConfig: () => OperatorConfig): IncidentControl {
  const { kc, config } = opts;
  const incidents = new KindClient<Incident, IncidentInput>(kc, INCIDENTS, config.namespace);
  const informer = new ResilientInformer<Incident>({
    kc,
    name: "incidents",
    path: collectionPath(INCIDENTS, config.namespace),
    list: () => incidents.list(),
  });
  const reconciler = new IncidentReconciler({
    kc,
    config: liveConfig,
    incidents,
    informer,
    registry,
    engine: opts.engine ?? createRuleEngine({ freshnessMinutes: () => liveConfig().evidenceFreshnessMinutes }),
    claims: new DedupeClaims(kc, config.namespace, 15_000),
    executionClaims: new ExecutionClaims(kc, config.namespace),
    recorder: new EventRecorder(kc, "kubefix-operator"),
    log,
    ...(opts.verifyResyncMs ? { verifyResyncMs: opts.verifyResyncMs } : {}),
  });
  const controller = new Controller<Incident>({ name: "incident", informer, log, reconcile: (key) => reconciler.reconcile(key) });
  const watch = new VerifyWatch({ kc, incidents: informer, wake: (key) => controller.queue.add(key), log });
  return {
    start: async () => {
      await controller.start();
      watch.start();
    },
    stop: async () => {
      await watch.stop();
      await controller.stop();
    },
  };
}

/** Starts the operator; resolves once it is campaigning for the lease. */
export async function startOperator(opts: OperatorOptions): Promise<RunningOperator> {
  const { kc, config } = opts;
  const plugins = [...diagnosticPlugins, ...remediationPlugins, ...(opts.extraPlugins ?? [])];
  // Aborted on stop once the lease is handed on: a plugin request still in flight then is cancelled, not left to land later.
  const shutdown = new AbortController();
  const registry = new PluginRegistry({ kc, namespace: config.namespace, log, plugins, signal: shutdown.signal });
  await registry.install();
  const settings = opts.watchSettings === false ? undefined : new OperatorConfigWatch({ kc, base: config });
  // Waits for the first list, so the first reconcile already sees the ConfigMap's settings.
  await settings?.start();
  const liveConfig = (): OperatorConfig => settings?.current() ?? config;
  let controller: IncidentControl | undefined;
  const elector = new LeaderElector({
    kc,
    namespace: config.namespace,
    name: "kubefix-operator",
    identity: opts.identity ?? `${hostname()}-${process.pid}`,
    ...opts.lease,
    // The term lasts until its controller has drained: the elector hands the lease on (on stop) only once
    // this promise settles, so a running step is finished and recorded before another instance may lead.
    onStartedLeading: async (signal) => {
      if (signal.aborted) return;
      const current = incidentController(opts, registry, liveConfig);
      controller = current;
      const ended = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      try {
        await current.start();
        await ended;
      } finally {
        await current.stop();
        if (controller === current) controller = undefined;
      }
    },
    onStoppedLeading: () => log.warn("stopped leading; stopping controllers"),
    onNewLeader: (leader) => log.info({ leader }, "leader observed"),
  });
  elector.start();
  log.info({ namespace: config.namespace, engine: opts.engine?.name ?? "rules" }, "operator started");
  return {
    elector,
    registry,
    config: liveConfig,
    stop: async () => {
      await elector.stop();
      shutdown.abort(new Error("the operator is stopping"));
      // Still set when the elector gave up waiting for the drain (after one renew deadline): finish it here.
      await controller?.stop();
      await registry.flush();
      await settings?.stop();
    },
  };
}
