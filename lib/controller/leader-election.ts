/**
 * Lease-based leader election (coordination.k8s.io/v1), with the semantics of
 * client-go's leaderelection: one holder at a time, optimistic concurrency on
 * every write, a holder that cannot renew within its deadline steps down before
 * anyone else may take over, and a graceful stop hands the lease on at once.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease, type V1LeaseSpec } from "@kubernetes/client-node";
import { isApiStatus, apiErrorMessage } from "../kube/client.js";
import { componentLogger, type Logger } from "../logger.js";
import { leaderElectionMasterStatus } from "../metrics.js";
import { exponentialBackoff } from "./backoff.js";
import { systemClock, type Clock, type TimerHandle } from "./clock.js";

/** What `decideLease` looks at. */
export interface LeaseDecisionInput {
  /** The Lease as read, or undefined when it does not exist. */
  lease: V1Lease | undefined;
  identity: string;
  /** Current time in epoch ms. */
  now: number;
  /** The duration this candidate writes into the Lease it holds. */
  leaseDurationMs: number;
}

/** What to do about a Lease: write `spec` (create, renew, acquire) or leave it to its valid holder. */
export type LeaseDecision =
  | { action: "create" | "renew" | "acquire"; spec: V1LeaseSpec }
  | { action: "wait"; holder: string; recheckAt: number };

// The apiserver rounds durations to whole seconds; rounding up keeps the holder's promise at least as long as asked.
const durationSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

// client-node leaves MicroTime fields of a read object as the wire string; ones we build are Dates.
function timeMs(t: unknown): number | undefined {
  const ms = t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function heldSpec(prev: V1LeaseSpec | undefined, input: LeaseDecisionInput, transition: boolean): V1LeaseSpec {
  const now = new V1MicroTime(input.now);
  const transitions = prev?.leaseTransitions ?? 0;
  return {
    // Keeps fields this elector does not manage (strategy, preferredHolder) as the server has them.
    ...prev,
    holderIdentity: input.identity,
    leaseDurationSeconds: durationSeconds(input.leaseDurationMs),
    acquireTime: transition || !prev?.acquireTime ? now : prev.acquireTime,
    renewTime: now,
    leaseTransitions: transition ? transitions + 1 : transitions,
  };
}

/** When the lease's current holder loses it, in epoch ms; undefined when it is free already (no holder, no renewTime). */
function expiresAt(spec: V1LeaseSpec | undefined, fallbackMs: number): number | undefined {
  const renewed = timeMs(spec?.renewTime);
  if (!spec?.holderIdentity || renewed === undefined) return undefined;
  const seconds = spec.leaseDurationSeconds;
  return renewed + (seconds && seconds > 0 ? seconds * 1000 : fallbackMs);
}

/**
 * Decides, without side effects, whether `identity` may write the Lease now.
 * A lease is expired when renewTime + its own leaseDurationSeconds < now; a lease without renewTime counts as expired.
 */
export function decideLease(input: LeaseDecisionInput): LeaseDecision {
  if (!input.lease) return { action: "create", spec: heldSpec(undefined, input, false) };
  const spec = input.lease.spec;
  const holder = spec?.holderIdentity ?? "";
  if (holder === input.identity) return { action: "renew", spec: heldSpec(spec, input, false) };
  const expiry = expiresAt(spec, input.leaseDurationMs);
  // The holder's renewTime comes from its clock, so this is as exact as the clocks agree; client-go has the same bound.
  if (expiry === undefined || expiry < input.now) return { action: "acquire", spec: heldSpec(spec, input, true) };
  return { action: "wait", holder, recheckAt: expiry + 1 };
}

/** The one Lease an elector competes for; writes must fail with a 409 ApiException when the resourceVersion is stale. */
export interface LeaseStore {
  get(): Promise<V1Lease | undefined>;
  create(lease: V1Lease): Promise<V1Lease>;
  replace(lease: V1Lease): Promise<V1Lease>;
}

/** A LeaseStore backed by the Kubernetes API. */
export class KubeLeaseStore implements LeaseStore {
  private readonly api: CoordinationV1Api;

  constructor(
    kc: KubeConfig,
    private readonly namespace: string,
    private readonly name: string,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
  }

  async get(): Promise<V1Lease | undefined> {
    try {
      return await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace });
    } catch (err) {
      if (isApiStatus(err, 404)) return undefined;
      throw err;
    }
  }

  create(lease: V1Lease): Promise<V1Lease> {
    const body = { ...lease, metadata: { ...lease.metadata, name: this.name, namespace: this.namespace } };
    return this.api.createNamespacedLease({ namespace: this.namespace, body });
  }

  replace(lease: V1Lease): Promise<V1Lease> {
    return this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: lease });
  }
}

/** Settings and callbacks of a LeaderElector; errors thrown by callbacks are logged and otherwise ignored. */
export interface LeaderElectorOptions {
  /** Cluster access; required unless `store` is given. */
  kc?: KubeConfig;
  /** Where the Lease lives; a KubeLeaseStore on `kc` when left out. */
  store?: LeaseStore;
  namespace: string;
  /** Name of the Lease, also the `name` label of leader_election_master_status. */
  name: string;
  /** Unique per process, e.g. the pod name; must not be empty. */
  identity: string;
  /** How long others wait after the last renewal before taking over; 15 s when left out. */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it steps down; 10 s when left out. */
  renewDeadlineMs?: number;
  /** Interval of acquire and renew attempts; 2 s when left out. */
  retryPeriodMs?: number;
  clock?: Clock;
  /** Leadership began; `signal` aborts when it ends. May run again, with a fresh signal, after a lost lease is won back. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Leadership ended (lost, or given up by `stop`). */
  onStoppedLeading: () => void;
  /** Another holder (or this one) was observed on the Lease. */
  onNewLeader?: (identity: string) => void;
}

interface Term {
  abort: AbortController;
  deadline: TimerHandle | undefined;
  running: Promise<void>;
}

type WriteDecision = Extract<LeaseDecision, { spec: V1LeaseSpec }>;

// Jitter only shortens, so attempts never come later than the retry period the deadlines are built around.
const JITTER = 0.2;

function validate(leaseMs: number, renewMs: number, retryMs: number, identity: string): void {
  if (!identity) throw new RangeError("LeaderElector: identity must not be empty");
  if (!(retryMs > 0)) throw new RangeError(`LeaderElector: retryPeriodMs must be > 0, got ${retryMs}`);
  if (!(renewMs > retryMs)) throw new RangeError(`LeaderElector: renewDeadlineMs must exceed retryPeriodMs`);
  // A leader must give up before others may take over, or two would lead at once.
  if (!(leaseMs > renewMs)) throw new RangeError(`LeaderElector: leaseDurationMs must exceed renewDeadlineMs`);
}

function kubeStore(opts: LeaderElectorOptions): LeaseStore {
  if (!opts.kc) throw new TypeError("LeaderElector: either kc or store is required");
  return new KubeLeaseStore(opts.kc, opts.namespace, opts.name);
}

/** Competes for one Lease and runs `onStartedLeading` while holding it. */
export class LeaderElector {
  private readonly store: LeaseStore;
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly log: Logger;
  private state: "new" | "running" | "stopping" = "new";
  private timer: TimerHandle | undefined;
  private attempt: Promise<void> | undefined;
  private term: Term | undefined;
  private failures = 0;
  private observedHolder: string | undefined;
  private stopped: Promise<void> | undefined;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    validate(this.leaseDurationMs, this.renewDeadlineMs, this.retryPeriodMs, opts.identity);
    this.store = opts.store ?? kubeStore(opts);
    this.clock = opts.clock ?? systemClock;
    this.log = componentLogger("leader-election").child({
      identity: opts.identity,
      lease: `${opts.namespace}/${opts.name}`,
    });
  }

  /** True while this elector holds the Lease and its leadership has not been aborted. */
  isLeader(): boolean {
    return this.term !== undefined;
  }

  /** Begins competing for the Lease; a second call is ignored. */
  start(): void {
    if (this.state !== "new") return;
    this.state = "running";
    leaderElectionMasterStatus.set({ name: this.opts.name }, 0);
    this.schedule(0);
  }

  /**
   * Stops competing and ends leadership, then releases the Lease once `onStartedLeading`'s promise settled;
   * gives up waiting (and leaves the Lease to expire) after one renew deadline. Never rejects.
   */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    const started = this.state === "running";
    this.state = "stopping";
    if (this.timer) this.clock.clearTimeout(this.timer);
    const term = this.stepDown("shutdown");
    // One renew deadline for all of shutdown, so a hung apiserver cannot hold a terminating pod up.
    let timer: TimerHandle | undefined;
    const expired = new Promise<"expired">((resolve) => {
      timer = this.clock.setTimeout(() => resolve("expired"), this.renewDeadlineMs);
    });
    // The lease is handed on only after our controllers wound down, so two never reconcile at once.
    const settled = await Promise.race([Promise.all([this.attempt, term?.running]), expired]);
    if (started && settled !== "expired") await Promise.race([this.release(), expired]);
    if (timer) this.clock.clearTimeout(timer);
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => this.runAttempt(), ms);
  }

  private runAttempt(): void {
    this.timer = undefined;
    this.attempt = this.tryAcquireOrRenew()
      .catch((err: unknown) => this.failed(err))
      .then((delay) => {
        this.attempt = undefined;
        if (this.state === "running") this.schedule(delay);
      });
  }

  /** One round: read, decide, write; resolves with the delay before the next round. */
  private async tryAcquireOrRenew(): Promise<number> {
    const current = await this.store.get();
    const now = this.clock.now();
    const decision = decideLease({
      lease: current,
      identity: this.opts.identity,
      now,
      leaseDurationMs: this.leaseDurationMs,
    });
    this.observe(current?.spec?.holderIdentity);
    if (this.state !== "running") return 0;
    this.failures = 0;
    if (decision.action === "wait") {
      this.stepDown(`lease held by ${decision.holder}`);
      return Math.min(this.jittered(), Math.max(0, decision.recheckAt - this.clock.now()));
    }
    if (!(await this.write(current, decision))) return this.jittered();
    this.observe(this.opts.identity);
    // A stop() that began during the write leaves the lease to release(), not to a new term.
    if (this.state === "running") this.renewed(now);
    return this.jittered();
  }

  /** Writes the decided spec; resolves false when another writer got there first (409). */
  private async write(current: V1Lease | undefined, decision: WriteDecision): Promise<boolean> {
    const { name, namespace } = this.opts;
    try {
      if (decision.action === "create") await this.store.create({ metadata: { name, namespace }, spec: decision.spec });
      else await this.store.replace({ ...current, spec: decision.spec });
      return true;
    } catch (err) {
      if (!isApiStatus(err, 409)) throw err;
      this.log.debug({ action: decision.action }, "lease write conflicted; another writer was first");
      return false;
    }
  }

  private failed(err: unknown): number {
    this.failures++;
    this.log.warn({ err: apiErrorMessage(err), leading: this.isLeader() }, "lease update failed");
    // The leader must retry at full pace to renew within its deadline; candidates back off from a failing apiserver.
    if (this.term) return this.jittered();
    return exponentialBackoff(this.failures, {
      baseMs: this.retryPeriodMs,
      maxMs: Math.max(this.retryPeriodMs, this.leaseDurationMs),
      jitter: JITTER,
    });
  }

  private jittered(): number {
    return exponentialBackoff(0, { baseMs: this.retryPeriodMs, maxMs: this.retryPeriodMs, jitter: JITTER });
  }

  /** Records a successful write at `renewedAt`: starts a term, or pushes the current term's deadline out. */
  private renewed(renewedAt: number): void {
    // Measured from the renewTime we wrote, not from when the response came, so a slow write cannot stretch it.
    const remaining = renewedAt + this.renewDeadlineMs - this.clock.now();
    // A write that outlasted the deadline is no ground to start (or keep) leading.
    if (remaining <= 0) {
      this.stepDown("renew deadline exceeded");
      return;
    }
    const term = this.term ?? this.lead();
    if (term.deadline) this.clock.clearTimeout(term.deadline);
    term.deadline = this.clock.setTimeout(() => {
      this.stepDown("renew deadline exceeded");
    }, remaining);
  }

  private lead(): Term {
    const abort = new AbortController();
    const term: Term = { abort, deadline: undefined, running: Promise.resolve() };
    this.term = term;
    leaderElectionMasterStatus.set({ name: this.opts.name }, 1);
    this.log.info("became leader");
    term.running = this.invoke("onStartedLeading", () => this.opts.onStartedLeading(abort.signal));
    return term;
  }

  /** Ends the current term, if any: aborts its signal, zeroes the gauge, calls onStoppedLeading. */
  private stepDown(reason: string): Term | undefined {
    const term = this.term;
    if (!term) return undefined;
    this.term = undefined;
    if (term.deadline) this.clock.clearTimeout(term.deadline);
    term.abort.abort(new Error(`leadership ended: ${reason}`));
    leaderElectionMasterStatus.set({ name: this.opts.name }, 0);
    if (reason === "shutdown") this.log.info({ reason }, "stopped leading");
    else this.log.warn({ reason }, "lost leadership");
    void this.invoke("onStoppedLeading", () => this.opts.onStoppedLeading());
    return term;
  }

  private observe(holder: string | undefined): void {
    if (!holder || holder === this.observedHolder) return;
    this.observedHolder = holder;
    this.log.info({ leader: holder }, "new leader observed");
    const onNewLeader = this.opts.onNewLeader;
    if (onNewLeader) void this.invoke("onNewLeader", () => onNewLeader(holder));
  }

  /** Clears the holder so that a candidate acquires at its next attempt instead of waiting out the lease. */
  private async release(): Promise<void> {
    try {
      const current = await this.store.get();
      if (current?.spec?.holderIdentity !== this.opts.identity) return;
      const spec: V1LeaseSpec = { ...current.spec, holderIdentity: "", renewTime: undefined, acquireTime: undefined };
      await this.store.replace({ ...current, spec });
      this.log.info("released lease");
    } catch (err) {
      // Not fatal: the lease then expires after its duration.
      this.log.warn({ err: apiErrorMessage(err) }, "could not release lease");
    }
  }

  private async invoke(what: string, fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.log.error({ err: apiErrorMessage(err) }, `${what} failed`);
    }
  }
}
