/**
 * An in-process operator for end-to-end suites: its own install namespace,
 * an app namespace it may change, short lease timings, fast verification.
 */
import { KindClient } from "../../lib/kube/kind-client.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { OperatorConfig } from "../../lib/settings/operator-config.js";
import type { DiagnosisEngine } from "../../operator/lifecycle/engine.js";
import type { BuiltinPlugin } from "../../operator/plugins/types.js";
import { startOperator, type RunningOperator } from "../../operator/main.js";
import { adminKube, createNamespace, eventually } from "./helpers.js";

/** Lease timings short enough for tests: 4 s lease, 3 s renew deadline, 500 ms retry. */
export const FAST_LEASE = { leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 };

export interface OperatorSetup {
  installNs: string;
  appNs: string;
  operator: RunningOperator;
  incidents: KindClient<Incident, IncidentInput>;
}

export interface OperatorSetupOptions {
  /** Policy settings over the test defaults (app namespace allowed, no cooldown). */
  policy?: Record<string, unknown>;
  /** False leaves the app namespace out of the allowed ones. */
  allowApp?: boolean;
  engine?: DiagnosisEngine;
  /** Test plugins beside the built-ins. */
  extraPlugins?: readonly BuiltinPlugin[];
  /** Verification timings over the test defaults (window 90 s, stable 3 s, the operator's fallback requeue). */
  verify?: { windowSeconds?: number; stableSeconds?: number; resyncMs?: number };
  /** Runs once both namespaces exist, before the operator starts: objects it should find already there. */
  before?: (ns: { installNs: string; appNs: string }) => Promise<void>;
  /** Top-level OperatorConfig settings over the test defaults (e.g. proposalTtlMinutes). */
  config?: Record<string, unknown>;
}

/** Creates both namespaces and starts an operator on them. */
export async function startTestOperator(opts: OperatorSetupOptions = {}): Promise<OperatorSetup> {
  const kc = adminKube();
  const installNs = await createNamespace("kf");
  const appNs = await createNamespace("app");
  const config = OperatorConfig.parse({
    namespace: installNs,
    verifyWindowSeconds: opts.verify?.windowSeconds ?? 90,
    verifyStableSeconds: opts.verify?.stableSeconds ?? 3,
    ...opts.config,
    policy: { allowedNamespaces: opts.allowApp === false ? ["default"] : [appNs], cooldownSeconds: 0, ...opts.policy },
  });
  await opts.before?.({ installNs, appNs });
  const operator = await startOperator({
    kc,
    config,
    identity: `test-${installNs}`,
    lease: FAST_LEASE,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.extraPlugins ? { extraPlugins: opts.extraPlugins } : {}),
    ...(opts.verify?.resyncMs ? { verifyResyncMs: opts.verify.resyncMs } : {}),
  });
  return { installNs, appNs, operator, incidents: new KindClient(kc, INCIDENTS, installNs) };
}

/** Waits until incident `id` is in one of `phases`, and returns it. */
export function phaseOf(s: Pick<OperatorSetup, "incidents">, id: string, phases: string[], timeoutMs = 120_000): Promise<Incident> {
  return eventually(
    `incident ${id} in ${phases.join("|")}`,
    async () => {
      const inc = await s.incidents.get(id.toLowerCase());
      return phases.includes(inc.status?.phase ?? "") ? inc : undefined;
    },
    timeoutMs,
  );
}
