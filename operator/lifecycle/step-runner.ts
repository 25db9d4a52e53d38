/**
 * One remediation step, safely: claim the object it writes (one execution
 * at a time per object, across workers and replicas), re-check policy for
 * that exact step against a fresh list of incidents, record it started,
 * dry-run and run it, and record the result onto whatever the incident is
 * by then (a repeat alert may have changed its spec meanwhile).
 */
import type { IncidentStatus } from "../../crds/index.js";
import { defaultConflictRetry, retryOnConflict, type ConflictRetry } from "../../lib/controller/retry-on-conflict.js";
import type { KindClient } from "../../lib/kube/kind-client.js";
import type { Logger } from "../../lib/logger.js";
import type { Incident, IncidentInput } from "../../lib/resources.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";
import type { ExecutionOutcome, PluginRegistry } from "../plugins/registry.js";
import { claimDurationMs } from "./execution-claim-decision.js";
import type { ExecutionClaims, HeldClaim } from "./execution-claims.js";
import { markStepFinished, markStepStarted, markStepWaiting } from "./execution.js";
import { lastExecutionOnObjects, stepObjectKey } from "./facts.js";
import { approvalCovers, decideStepGate } from "./step-gate.js";
import { escalate, stepNeedsApproval } from "./transitions.js";

export interface StepRunnerDeps {
  incidents: KindClient<Incident, IncidentInput>;
  registry: PluginRegistry;
  claims: ExecutionClaims;
  /** Policy for step `index` of `incident`, with `incidents` (listed fresh) as the facts of the cluster. */
  policy: (incident: Incident, index: number, incidents: readonly Incident[]) => Promise<PolicyDecision>;
  /** Writes `status` over `base` if it changed; returns the object as written (or `base`). */
  write: (base: Incident, status: IncidentStatus) => Promise<Incident>;
  now: () => Date;
  log: Logger;
}

/** What a step reconcile leaves to write; nothing when it wrote its own result. */
export interface StepRun {
  status?: IncidentStatus;
  requeueAfterMs?: number;
}

type Step = NonNullable<IncidentStatus["execution"]>["steps"][number];
type Outcome = ExecutionOutcome;
/** The longest step timeout a Plugin resource may set (crds/plugin.ts): claims last longer than that when unknown. */
const MAX_TIMEOUT_SECONDS = 3600;
/** A step that ran must be recorded: more room than the default for a burst of repeat alerts. */
const RESULT_RETRY: ConflictRetry = { attempts: 20, backoff: { baseMs: 10, maxMs: 1_000, jitter: 0.5 } };

/** Runs step `index` of `incident` (read fresh), or says why it waits. */
export async function runStep(deps: StepRunnerDeps, incident: Incident, index: number): Promise<StepRun> {
  const status = incident.status!;
  const step = status.execution!.steps.find((s) => s.index === index)!;
  const key = stepObjectKey(step);
  const timeout = deps.registry.get(step.plugin)?.timeoutSeconds ?? MAX_TIMEOUT_SECONDS;
  const claim = await deps.claims.acquire(key, incident.metadata.name ?? "", claimDurationMs(timeout), deps.now());
  if (!claim.held) {
    deps.log.info({ step: index, object: key, holder: claim.holder }, "step waits: its object is being changed by another incident");
    return { status: markStepWaiting(status, index, key, claim.holder), requeueAfterMs: claim.retryAfterMs };
  }
  const held = { claim: claim.claim, renewing: Promise.resolve() };
  try {
    return await gateAndRun(deps, incident, step, held);
  } finally {
    await held.renewing;
    await deps.claims.release(held.claim).catch((err: unknown) => deps.log.warn({ object: key, err }, "could not release the execution claim; it lapses on its own"));
  }
}

/** Holding the claim: re-checks policy (the cooldown now sees a step that ran just before), then runs. */
async function gateAndRun(deps: StepRunnerDeps, incident: Incident, step: Step, held: Held): Promise<StepRun> {
  const status = incident.status!;
  const fresh = (await deps.incidents.list()).items;
  const verdict = await deps.policy(incident, step.index, fresh);
  const lastWrite = lastExecutionOnObjects(fresh, incident, new Set([stepObjectKey(step)]));
  const gate = decideStepGate(verdict, approvalCovers(incident, lastWrite), step.index);
  if (gate.kind === "escalate") return { status: escalate(status, gate.reason, deps.now()) };
  if (gate.kind === "await_approval") return { status: stepNeedsApproval(status, step.index, gate.reasons, deps.now()) };
  if (gate.note) deps.log.info({ step: step.index }, gate.note);
  await execute(deps, incident, step, held);
  return {};
}

interface Held {
  claim: HeldClaim;
  renewing: Promise<void>;
}

async function execute(deps: StepRunnerDeps, incident: Incident, step: Step, held: Held): Promise<void> {
  const revision = incident.status!.execution!.proposalRevision;
  const started = await writeOnto(deps, incident, (cur) =>
    stepIn(cur, step.index, revision)?.state === "pending" ? markStepStarted(cur.status!, step.index, deps.now()) : undefined,
  );
  if (started === undefined) return;
  const outcome = await withHeartbeat(deps, held, () => callStep(deps, step));
  // Re-derived onto a fresh read on conflict, so a spec write during the step does not lose its result.
  const finished = await writeOnto(deps, started, (cur) =>
    stepIn(cur, step.index, revision)?.state === "started" ? markStepFinished(cur.status!, step.index, outcome, deps.now()) : undefined,
  RESULT_RETRY);
  if (finished === undefined) deps.log.warn({ step: step.index }, "the step ran, but its record changed meanwhile; its result was not written");
}

/** The registry runs the dry-run pass, and the real one only if the dry run succeeded. */
async function callStep(deps: StepRunnerDeps, step: Step): Promise<Outcome> {
  const outcome = await deps.registry.execute(step.plugin, step.parameters ?? {}, { log: deps.log });
  const { dryRun, result } = outcome;
  deps.log.info({ step: step.index, plugin: step.plugin, dryRun: dryRun.ok, ok: result?.ok, outcome: result?.outcome }, result?.summary ?? dryRun.summary);
  return outcome;
}

const stepIn = (incident: Incident, index: number, revision: number): Step | undefined => {
  const execution = incident.status?.execution;
  return execution?.proposalRevision === revision ? execution.steps.find((s) => s.index === index) : undefined;
};

/**
 * Writes the status `derive` makes of the incident, first as given, then as re-read after each
 * conflict; undefined when `derive` finds the incident no longer in the state it applies to.
 */
function writeOnto(
  deps: StepRunnerDeps,
  first: Incident,
  derive: (current: Incident) => IncidentStatus | undefined,
  retry: ConflictRetry = defaultConflictRetry,
): Promise<Incident | undefined> {
  const name = first.metadata.name ?? "";
  return retryOnConflict(async (n) => {
    const current = n === 0 ? first : await deps.incidents.get(name);
    const next = derive(current);
    return next === undefined ? undefined : deps.write(current, next);
  }, retry);
}

/** Runs `work` while renewing the claim, so a step longer than the claim's duration keeps it. */
async function withHeartbeat<T>(deps: StepRunnerDeps, held: Held, work: () => Promise<T>): Promise<T> {
  const renew = async (): Promise<void> => {
    const next = await deps.claims.renew(held.claim, deps.now()).catch((err: unknown) => {
      deps.log.warn({ object: held.claim.key, err }, "could not renew the execution claim");
      return held.claim;
    });
    if (next === undefined) deps.log.warn({ object: held.claim.key }, "the execution claim lapsed and was taken over during the step");
    else held.claim = next;
  };
  const timer = setInterval(() => {
    held.renewing = held.renewing.then(renew);
  }, Math.max(1_000, held.claim.durationMs / 3));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
