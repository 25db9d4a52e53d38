/**
 * The incident reconciler: read the incident fresh, decide one action,
 * gather what that action needs, apply it, write status. Reads are fresh
 * (not from the cache) so that a step written as started by this process is
 * never mistaken for one interrupted by a crash.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import type { IncidentPhase, IncidentStatus, TimelineEvent } from "../../crds/index.js";
import type { ResilientInformer } from "../../lib/controller/informer.js";
import { addFinalizer, hasFinalizer, removeFinalizer } from "../../lib/controller/finalizers.js";
import { diffMergePatch } from "../../lib/controller/merge-patch.js";
import { retryOnConflict } from "../../lib/controller/retry-on-conflict.js";
import { writeStatusIfChanged } from "../../lib/controller/status-writer.js";
import type { ReconcileResult } from "../../lib/controller/work-queue.js";
import { isApiStatus } from "../../lib/kube/client.js";
import type { EventRecorder } from "../../lib/kube/event-recorder.js";
import type { KindClient } from "../../lib/kube/kind-client.js";
import { incidentLogger, type Logger } from "../../lib/logger.js";
import { incidentsActive, incidentsTotal } from "../../lib/metrics.js";
import type { Incident, IncidentInput } from "../../lib/resources.js";
import type { OperatorConfig } from "../../lib/settings/operator-config.js";
import type { DedupeClaims } from "../../lib/intake/dedupe-claim.js";
import type { PluginRegistry } from "../plugins/registry.js";
import { checkIncidentHealth } from "../verify/check.js";
import { nextVerifyCheckMs } from "../verify/schedule.js";
import { decideAction, isTerminal, type Action } from "./decide.js";
import { decisionOutcome } from "./decisions.js";
import type { DiagnosisEngine } from "./engine.js";
import type { ExecutionClaims } from "./execution-claims.js";
import { afterHealthCheck, completeExecution, recoverInterruptedStep } from "./execution.js";
import { evaluateIncidentPolicy, evaluateStepPolicy } from "./policy-facts.js";
import { runStep } from "./step-runner.js";
import { appendTimeline, withEvent } from "./timeline.js";
import { afterDiagnosis, afterPolicy, enterExecuting, enterPhase, expireProposal, initialize, startDiagnosis } from "./transitions.js";

export interface ReconcilerDeps {
  kc: KubeConfig;
  /** The configuration in force; called on every use, so a reloaded setting applies to the next reconcile. */
  config: () => OperatorConfig;
  incidents: KindClient<Incident, IncidentInput>;
  informer: ResilientInformer<Incident>;
  registry: PluginRegistry;
  engine: DiagnosisEngine;
  claims: DedupeClaims;
  /** Per written object: one execution at a time, across workers and replicas. */
  executionClaims: ExecutionClaims;
  recorder: EventRecorder;
  log: Logger;
  now?: () => Date;
  /** Fallback between verification checks; watches (operator/verify/verify-watch.ts) wake it sooner. */
  verifyResyncMs?: number;
}

/** Held while an incident may own a dedupe or execution claim, so deleting it also releases them. */
export const CLAIM_FINALIZER = "kubefix.io/dedupe-claim";

/** What an action produced: the next status (none when the action wrote its own), and optionally when to look again and which version to write over. */
interface Applied {
  status?: IncidentStatus;
  requeueAfterMs?: number;
  base?: Incident;
}

const requeueAfter = (ms: number | undefined): ReconcileResult => (ms ? { requeueAfterMs: ms } : undefined);

export class IncidentReconciler {
  private readonly now: () => Date;

  constructor(private readonly deps: ReconcilerDeps) {
    this.now = deps.now ?? ((): Date => new Date());
  }

  /** Reconciles the incident at `namespace/name`. */
  async reconcile(key: string): Promise<ReconcileResult> {
    const name = key.split("/")[1] ?? "";
    const incident = await this.deps.incidents.get(name).catch((err: unknown) => {
      if (isApiStatus(err, 404)) return undefined;
      throw err;
    });
    this.updateActiveGauge();
    if (!incident) return;
    if (incident.metadata.deletionTimestamp) return this.finalize(incident);
    if (!hasFinalizer(incident, CLAIM_FINALIZER)) {
      // The next watch event (this patch) brings the incident back with the finalizer.
      await addFinalizer(this.deps.incidents, incident, CLAIM_FINALIZER);
      return;
    }
    const action = decideAction(incident, { now: this.now(), proposalTtlMs: this.deps.config().proposalTtlMinutes * 60_000 });
    if (action.kind === "done") return;
    // Waiting for a human: look again when the proposal expires.
    if (action.kind === "wait_for_human") return requeueAfter(action.requeueAfterMs);
    const log = incidentLogger(this.deps.log, incident.spec.id);
    log.debug({ action: action.kind, phase: incident.status?.phase }, "reconciling");
    const { status, requeueAfterMs, base } = await this.apply(incident, action, log);
    if (status) await this.writeRetrying(base ?? incident, status, log);
    return requeueAfter(requeueAfterMs);
  }

  private async apply(
    incident: Incident,
    action: Exclude<Action, { kind: "done" | "wait_for_human" }>,
    log: Logger,
  ): Promise<Applied> {
    switch (action.kind) {
      case "diagnose":
        return { status: await this.diagnose(incident, log) };
      case "evaluate_policy":
        return { status: afterPolicy(incident.status ?? {}, await this.policyFor(incident), this.now()) };
      case "run_step":
        return runStep(this.stepDeps(log), incident, action.index);
      case "verify":
        return this.verify(incident, this.now());
      default:
        return { status: this.applyWithoutIo(incident, action, log) };
    }
  }

  /** Actions that only transform the status. */
  private applyWithoutIo(
    incident: Incident,
    action: Extract<Action, { kind: "initialize" | "apply_decision" | "start_diagnosis" | "expire_proposal" | "recover_step" | "finish_execution" }>,
    log: Logger,
  ): IncidentStatus {
    const status = incident.status ?? {};
    const now = this.now();
    switch (action.kind) {
      case "initialize":
        return initialize(incident, now);
      case "apply_decision":
        return this.applyDecision(incident, action.index, now);
      case "start_diagnosis":
        return startDiagnosis(status, this.deps.engine.name, now);
      case "expire_proposal":
        log.info({ revision: status.proposal?.revision }, "proposal expired without a decision; diagnosing again");
        return expireProposal(status, this.deps.config().proposalTtlMinutes, this.deps.engine.name, now);
      case "recover_step":
        log.warn({ step: action.index }, "found a step started before a restart; verifying instead of repeating it");
        return recoverInterruptedStep(status, action.index, now);
      case "finish_execution":
        return completeExecution(status, "verifying", now);
    }
  }

  private applyDecision(incident: Incident, index: number, now: Date): IncidentStatus {
    const status = incident.status ?? {};
    const decision = incident.spec.decisions![index]!;
    const outcome = decisionOutcome(status.phase ?? "new", decision, status.proposal?.revision);
    let next: IncidentStatus = withEvent({ ...status, processedDecisions: index + 1 }, outcome.event, now, {
      message: outcome.note,
      data: {
        action: decision.action,
        by: decision.by,
        via: decision.via,
        ...(decision.comment ? { comment: decision.comment } : {}),
        // The revision an approval approved, so a step-time check can tell this revision is approved.
        ...(outcome.event === "approved" ? { proposalRevision: status.proposal?.revision } : {}),
      },
    });
    if (outcome.phase === "executing") next = enterExecuting(next, now);
    else if (outcome.phase) next = enterPhase(next, outcome.phase, now);
    return next;
  }

  private async diagnose(incident: Incident, log: Logger): Promise<IncidentStatus> {
    let timeline: TimelineEvent[] = incident.status?.timeline ?? [];
    const callTool = async (name: string, args: Record<string, unknown>): Promise<Awaited<ReturnType<PluginRegistry["call"]>>> => {
      const result = await this.deps.registry.call(name, args, { log });
      timeline = appendTimeline(timeline, "tool_call", this.now(), {
        message: result.summary,
        data: { tool: name, parameters: args, result: { ok: result.ok, summary: result.summary, ...(result.error ? { error: result.error } : {}) } },
      });
      return result;
    };
    const outcome = await this.deps.engine.diagnose(incident, callTool);
    return afterDiagnosis(incident.status ?? {}, timeline, outcome, { config: this.deps.config(), now: this.now() });
  }

  private policyFor(incident: Incident): ReturnType<typeof evaluateIncidentPolicy> {
    return evaluateIncidentPolicy(incident, this.gatherDeps(this.deps.informer.list()));
  }

  private gatherDeps(incidents: readonly Incident[]): Parameters<typeof evaluateIncidentPolicy>[1] {
    return { kc: this.deps.kc, config: this.deps.config(), registry: this.deps.registry, incidents, now: this.now() };
  }

  private stepDeps(log: Logger): Parameters<typeof runStep>[0] {
    const { incidents, registry, executionClaims: claims } = this.deps;
    return {
      incidents,
      registry,
      claims,
      policy: (incident, index, all) => evaluateStepPolicy(incident, index, this.gatherDeps(all)),
      write: (base, status) => this.write(base, status, log),
      now: this.now,
      log,
    };
  }

  private async verify(incident: Incident, now: Date): Promise<Applied> {
    const config = this.deps.config();
    const windows = { windowSeconds: config.verifyWindowSeconds, stableSeconds: config.verifyStableSeconds };
    const health = await checkIncidentHealth(this.deps.kc, incident, { now, stableSeconds: windows.stableSeconds });
    const status = afterHealthCheck(incident.status ?? {}, health, windows, now);
    if (status.phase !== "verifying") return { status };
    return { status, requeueAfterMs: nextVerifyCheckMs(status.verification, windows, now, this.deps.verifyResyncMs) };
  }

  /**
   * Writes `status` over `incident`; on a conflict (a spec write such as a repeat alert or a
   * decision) writes it over the fresh version, as long as the status there is still the one
   * `status` was derived from. If the status moved, the change is dropped: its watch event
   * brings the incident back for a fresh decision.
   */
  private async writeRetrying(incident: Incident, status: IncidentStatus, log: Logger): Promise<void> {
    await retryOnConflict(async (n) => {
      const current = n === 0 ? incident : await this.deps.incidents.get(incident.metadata.name ?? "");
      if (n > 0 && diffMergePatch(incident.status ?? {}, current.status ?? {}) !== undefined) return;
      await this.write(current, status, log);
    });
  }

  /** Writes the status if it changed; counts and announces a phase change. */
  private async write(incident: Incident, status: IncidentStatus, log: Logger): Promise<Incident> {
    const written = await writeStatusIfChanged(this.deps.incidents, incident, status);
    const before = incident.status?.phase;
    if (written && status.phase && status.phase !== before) {
      await this.announcePhase(written, status.phase, log);
      if (isTerminal(status.phase)) await this.releaseExecutionClaims(written, log);
    }
    return written ?? incident;
  }

  private async announcePhase(incident: Incident, phase: IncidentPhase, log: Logger): Promise<void> {
    incidentsTotal.inc({ phase, severity: incident.spec.severity });
    const last = incident.status?.timeline?.at(-1);
    log.info({ phase, event: last?.type }, last?.message ?? `incident is ${phase}`);
    const warning = phase === "escalated" || phase === "failed";
    const reason = phase.split("_").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    await this.deps.recorder.record(incident, warning ? "Warning" : "Normal", reason, last?.message ?? `incident is ${phase}`);
  }

  /** A claim its steps left (released after each step; this catches one a failed release or a crash left). */
  private async releaseExecutionClaims(incident: Incident, log: Logger): Promise<void> {
    const released = await this.deps.executionClaims.releaseAllOf(incident.metadata.name ?? "").catch((err: unknown) => {
      log.warn({ err }, "could not release execution claims; they lapse on their own");
      return 0;
    });
    if (released > 0) log.info({ released }, "released execution claims left by this incident");
  }

  /** The incident is being deleted: release its dedupe and execution claims, then let it go. */
  private async finalize(incident: Incident): Promise<void> {
    if (!hasFinalizer(incident, CLAIM_FINALIZER)) return;
    const log = incidentLogger(this.deps.log, incident.spec.id);
    const released = await this.deps.claims.release(incident.spec.fingerprint, incident.metadata.name ?? "");
    await this.releaseExecutionClaims(incident, log);
    log.info({ released }, "incident deleted; dedupe claim cleaned up");
    await removeFinalizer(this.deps.incidents, incident, CLAIM_FINALIZER);
  }

  private updateActiveGauge(): void {
    incidentsActive.set(this.deps.informer.list().filter((i) => !isTerminal(i.status?.phase)).length);
  }
}
