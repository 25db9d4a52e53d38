/**
 * Alert intake: validates an alert, parses and fingerprints it, and records it
 * in the cluster as a new Incident, a repeat on an open one, or a recovery.
 * Safe with any number of receivers (operator and API replicas) at once: every
 * contended write is decided by the apiserver (create-or-409, resourceVersion).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeConfig } from "@kubernetes/client-node";
import { exponentialBackoff, type BackoffOptions } from "../controller/backoff.js";
import { isConflict, retryOnConflict } from "../controller/retry-on-conflict.js";
import { isApiStatus } from "../kube/client.js";
import { KindClient } from "../kube/kind-client.js";
import { componentLogger, incidentLogger, type Logger } from "../logger.js";
import { alertsReceivedTotal } from "../metrics.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../resources.js";
import { validateAlertInput, type AlertInput } from "./alert-input.js";
import { buildIncident, DATE_LABEL, FINGERPRINT_LABEL } from "./build-incident.js";
import { DedupeClaims, type DedupeClaim } from "./dedupe-claim.js";
import { dedupeTargetAmong, isDedupeTarget, isOpen, judgeClaim, latestOpen, recoveryPatch, repeatPatch } from "./dedupe-policy.js";
import { fingerprint } from "./fingerprint.js";
import { dayOf, floorAfter, formatIncidentId, nextSequence, resourceNameOf } from "./incident-id.js";
import { parseAlert, type ParsedAlert } from "./parse-alert.js";

export { IntakeValidationError, type AlertInput, type FieldIssue } from "./alert-input.js";

/** What intake needs: where to write, and optionally a clock and the dedupe timings. */
export interface IntakeDeps {
  kc: KubeConfig;
  namespace: string;
  /** Time of receipt; the real clock when left out. */
  clock?: () => Date;
  /**
   * How long after an incident's lastSeen a repeat still counts on it; 30 minutes when left out.
   * A function is asked on every alert, so a setting changed at runtime applies at once.
   */
  dedupeWindowMs?: number | (() => number);
  /** How long a receiver may take between claiming a fingerprint and creating its incident; 15 s when left out. */
  claimGraceMs?: number;
}

/**
 * The incident an alert was recorded on. A recovery alert that matches no open incident
 * creates nothing and yields outcome "recovered" with incidentId "" and occurrences 0.
 */
export interface IntakeResult {
  incidentId: string;
  outcome: "created" | "deduplicated" | "recovered";
  occurrences: number;
}

/** Records alerts as Incidents. */
export interface Intake {
  receive(input: AlertInput): Promise<IntakeResult>;
}

/** Thrown when an alert could not be recorded within the bounded retries (ids or writes kept colliding). */
export class IntakeConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IntakeConflictError";
  }
}

const DEFAULT_WINDOW_MS = 30 * 60_000;
const DEFAULT_GRACE_MS = 15_000;
// Rounds of reading the claim; waits for a claimant dominate, so this covers several grace periods.
const MAX_CLAIM_ROUNDS = 200;
// Each round either creates an id or sees it taken by another alert, so this bounds concurrent new incidents per day.
const MAX_ID_ATTEMPTS = 100;
// Fifty receivers bumping one incident conflict up to fifty times each; this leaves room for a busy apiserver.
const MAX_WRITE_ATTEMPTS = 200;
const claimWait: BackoffOptions = { baseMs: 50, maxMs: 500, jitter: 0.5 };
const conflictWait: BackoffOptions = { baseMs: 10, maxMs: 400, jitter: 1 };

interface Context {
  incidents: KindClient<Incident, IncidentInput>;
  claims: DedupeClaims;
  clock: () => Date;
  windowMs: number;
  graceMs: number;
  log: Logger;
}

interface Arrival {
  input: AlertInput;
  parsed: ParsedAlert;
  fingerprint: string;
  receivedAt: Date;
}

type Attempt = IntakeResult | undefined;

/** Builds an intake writing Incidents (and its dedupe Leases) to `deps.namespace`. */
export function createIntake(deps: IntakeDeps): Intake {
  const graceMs = deps.claimGraceMs ?? DEFAULT_GRACE_MS;
  const window = deps.dedupeWindowMs;
  const ctx: Context = {
    incidents: new KindClient<Incident, IncidentInput>(deps.kc, INCIDENTS, deps.namespace),
    claims: new DedupeClaims(deps.kc, deps.namespace, graceMs),
    clock: deps.clock ?? ((): Date => new Date()),
    get windowMs(): number {
      return (typeof window === "function" ? window() : window) ?? DEFAULT_WINDOW_MS;
    },
    graceMs,
    log: componentLogger("intake").child({ namespace: deps.namespace }),
  };
  return { receive: (input) => receive(ctx, input) };
}

async function receive(ctx: Context, body: AlertInput): Promise<IntakeResult> {
  const input = validated(body);
  const parsed = parseAlert(input.message, { source: input.sender_id, labels: input.labels });
  const arrival: Arrival = { input, parsed, fingerprint: fingerprint(parsed), receivedAt: ctx.clock() };
  const result = parsed.status === "resolved" ? await recordRecovery(ctx, arrival) : await recordFiring(ctx, arrival);
  report(ctx, arrival, result);
  return result;
}

function validated(body: unknown): AlertInput {
  try {
    return validateAlertInput(body);
  } catch (err) {
    alertsReceivedTotal.inc({ outcome: "rejected" });
    throw err;
  }
}

function report(ctx: Context, arrival: Arrival, result: IntakeResult): void {
  const details = { outcome: result.outcome, occurrences: result.occurrences, fingerprint: arrival.fingerprint };
  if (result.incidentId === "") {
    alertsReceivedTotal.inc({ outcome: "unmatched" });
    ctx.log.info({ ...details, title: arrival.parsed.title }, "recovery alert matched no open incident");
    return;
  }
  alertsReceivedTotal.inc({ outcome: result.outcome });
  incidentLogger(ctx.log, result.incidentId).info(details, `alert recorded: ${result.outcome}`);
}

// --- firing alerts: settle the fingerprint's claim, then create or count on its incident ---

async function recordFiring(ctx: Context, arrival: Arrival): Promise<IntakeResult> {
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const result = await settleOnce(ctx, arrival, round);
    if (result !== undefined) return result;
  }
  throw new IntakeConflictError(
    `alert ${arrival.fingerprint}: the dedupe claim did not settle after ${MAX_CLAIM_ROUNDS} rounds`,
  );
}

/** One look at the claim; undefined means "something moved under us, look again". */
async function settleOnce(ctx: Context, arrival: Arrival, round: number): Promise<Attempt> {
  const claim = await ctx.claims.read(arrival.fingerprint);
  if (claim === undefined) return claimFirst(ctx, arrival);
  const verdict = judgeClaim({
    claimedName: claim.incidentName,
    incident: await getIncident(ctx, claim.incidentName),
    fingerprint: arrival.fingerprint,
    claimAgeMs: claim.claimedAt === undefined ? Infinity : ctx.clock().getTime() - claim.claimedAt.getTime(),
    nowMs: arrival.receivedAt.getTime(),
    windowMs: ctx.windowMs,
    graceMs: ctx.graceMs,
  });
  switch (verdict.action) {
    case "bump":
      return countRepeat(ctx, arrival, verdict.incident);
    case "wait":
      await sleep(exponentialBackoff(round, claimWait));
      return undefined;
    case "adopt":
      ctx.log.warn({ fingerprint: arrival.fingerprint, incident: claim.incidentName }, "taking over a claim whose incident never appeared");
      return createUnderClaim(ctx, arrival, await ctx.claims.move(claim, claim.incidentName, ctx.clock()));
    case "renew":
      return createUnderClaim(ctx, arrival, await ctx.claims.move(claim, await freeName(ctx, arrival), ctx.clock()));
  }
}

/** No claim yet: claim the open incident of the fingerprint if one exists (a claim lost or deleted), else a new id. */
async function claimFirst(ctx: Context, arrival: Arrival): Promise<Attempt> {
  const ofFingerprint = await ctx.incidents.list(`${FINGERPRINT_LABEL}=${arrival.fingerprint}`);
  const open = dedupeTargetAmong(ofFingerprint.items, arrival.receivedAt.getTime(), ctx.windowMs);
  const name = open?.metadata.name ?? (await freeName(ctx, arrival));
  return createUnderClaim(ctx, arrival, await ctx.claims.create(arrival.fingerprint, name, ctx.clock()));
}

/** The next unused incident name of the day of receipt, past `taken` when that name was just found taken. */
async function freeName(ctx: Context, arrival: Arrival, taken?: string): Promise<string> {
  const day = dayOf(arrival.receivedAt);
  const sameDay = await ctx.incidents.list(`${DATE_LABEL}=${day}`);
  const floor = taken === undefined ? 1 : floorAfter(day, taken);
  return resourceNameOf(formatIncidentId(day, nextSequence(day, sameDay.items.map((item) => item.spec.id), floor)));
}

/**
 * Holding `claim`, creates the incident it names. A name taken by another alert moves the claim
 * to the next free id; a name taken by this fingerprint (a receiver that adopted our claim, or an
 * open incident claimed anew) is counted on by looking again.
 */
async function createUnderClaim(ctx: Context, arrival: Arrival, claim: DedupeClaim | undefined): Promise<Attempt> {
  let current = claim;
  for (let attempt = 0; current !== undefined && attempt < MAX_ID_ATTEMPTS; attempt++) {
    const placed = await placeIncident(ctx, arrival, current.incidentName);
    if (placed === "ours") return undefined;
    if (typeof placed === "object") return { incidentId: placed.spec.id, outcome: "created", occurrences: placed.spec.occurrences };
    if (placed === "taken") current = await ctx.claims.move(current, await freeName(ctx, arrival, current.incidentName), ctx.clock());
  }
  if (current === undefined) return undefined;
  throw new IntakeConflictError(`alert ${arrival.fingerprint}: no free incident id after ${MAX_ID_ATTEMPTS} attempts`);
}

async function placeIncident(ctx: Context, arrival: Arrival, name: string): Promise<Incident | "ours" | "taken" | "vanished"> {
  const body = buildIncident({ id: name.toUpperCase(), ...arrival });
  try {
    return await ctx.incidents.create(body);
  } catch (err) {
    if (!isApiStatus(err, 409)) throw err;
  }
  const occupant = await getIncident(ctx, name);
  if (occupant === undefined) return "vanished";
  return occupant.spec.fingerprint === arrival.fingerprint ? "ours" : "taken";
}

async function countRepeat(ctx: Context, arrival: Arrival, incident: Incident): Promise<Attempt> {
  const nowMs = arrival.receivedAt.getTime();
  const updated = await updateIfCurrent(ctx, incident, (current) =>
    isDedupeTarget(current, nowMs, ctx.windowMs) ? repeatPatch(current, arrival.receivedAt) : undefined,
  );
  // Closed or deleted meanwhile: the next look at the claim renews it.
  if (updated === undefined) return undefined;
  return { incidentId: updated.spec.id, outcome: "deduplicated", occurrences: updated.spec.occurrences };
}

// --- recovery alerts ---

async function recordRecovery(ctx: Context, arrival: Arrival): Promise<IntakeResult> {
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const open = latestOpen((await ctx.incidents.list(`${FINGERPRINT_LABEL}=${arrival.fingerprint}`)).items);
    if (open === undefined) return { incidentId: "", outcome: "recovered", occurrences: 0 };
    const updated = await updateIfCurrent(ctx, open, (current) =>
      isOpen(current) ? recoveryPatch(current, arrival.receivedAt) : undefined,
    );
    if (updated !== undefined) return { incidentId: updated.spec.id, outcome: "recovered", occurrences: updated.spec.occurrences };
  }
  throw new IntakeConflictError(`recovery ${arrival.fingerprint}: open incidents kept closing under it`);
}

// --- apiserver access ---

async function getIncident(ctx: Context, name: string): Promise<Incident | undefined> {
  if (name === "") return undefined;
  try {
    return await ctx.incidents.get(name);
  } catch (err) {
    if (isApiStatus(err, 404)) return undefined;
    throw err;
  }
}

/**
 * Merge-patches the spec `patchFor` derives from the incident as read, only if nobody changed it
 * since (resourceVersion in the patch); re-reads and re-derives on conflict. Undefined when
 * `patchFor` declines or the incident is gone.
 */
async function updateIfCurrent(
  ctx: Context,
  incident: Incident,
  patchFor: (current: Incident) => { spec: Record<string, unknown> } | undefined,
): Promise<Incident | undefined> {
  const name = incident.metadata.name ?? "";
  const attempt = async (n: number): Promise<Incident | undefined> => {
    const current = n === 0 ? incident : await getIncident(ctx, name);
    const patch = current === undefined ? undefined : patchFor(current);
    if (current === undefined || patch === undefined) return undefined;
    return patchAt(ctx, name, current.metadata.resourceVersion ?? "", patch);
  };
  try {
    return await retryOnConflict(attempt, { attempts: MAX_WRITE_ATTEMPTS, backoff: conflictWait });
  } catch (err) {
    if (isConflict(err)) throw new IntakeConflictError(`incident ${name}: still conflicting after ${MAX_WRITE_ATTEMPTS} writes`);
    throw err;
  }
}

/** The patched incident; undefined when it is gone (404). A conflict (409) is thrown for retryOnConflict. */
async function patchAt(ctx: Context, name: string, resourceVersion: string, patch: object): Promise<Incident | undefined> {
  try {
    return await ctx.incidents.patch(name, { metadata: { resourceVersion }, ...patch });
  } catch (err) {
    if (isApiStatus(err, 404)) return undefined;
    throw err;
  }
}
