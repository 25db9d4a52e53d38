import { ApiException, V1MicroTime, type V1Lease, type V1LeaseSpec } from "@kubernetes/client-node";
import { describe, expect, it, vi } from "vitest";
import { leaderElectionMasterStatus } from "../metrics.js";
import { FakeClock } from "./clock.js";
import {
  LeaderElector,
  decideLease,
  type LeaderElectorOptions,
  type LeaseDecision,
  type LeaseStore,
} from "./leader-election.js";

const NOW = Date.parse("2026-01-15T10:00:00Z");
const ME = "pod-a";

const at = (ms: number): V1MicroTime => new V1MicroTime(ms);
const lease = (spec: V1LeaseSpec): V1Lease => ({ metadata: { name: "l", namespace: "ns", resourceVersion: "7" }, spec });

describe("decideLease", () => {
  const mine = { holderIdentity: ME, leaseDurationSeconds: 15, acquireTime: at(NOW - 60_000), renewTime: at(NOW - 2_000), leaseTransitions: 3 };
  const other = (spec: V1LeaseSpec): V1Lease => lease({ holderIdentity: "pod-b", leaseDurationSeconds: 10, leaseTransitions: 3, ...spec });

  interface Want {
    action: LeaseDecision["action"];
    holder?: string;
    recheckAt?: number;
    transitions?: number;
    acquiredAt?: number;
  }

  it.each<[string, V1Lease | undefined, Want]>([
    ["no lease: create it, no transitions yet", undefined, { action: "create", transitions: 0, acquiredAt: NOW }],
    ["my own lease: renew, keeping acquireTime and transitions", lease(mine), { action: "renew", transitions: 3, acquiredAt: NOW - 60_000 }],
    ["my own lease, even when expired: renew", lease({ ...mine, renewTime: at(NOW - 600_000) }), { action: "renew", transitions: 3 }],
    ["another's expired lease: acquire, counting a transition", other({ renewTime: at(NOW - 10_001) }), { action: "acquire", transitions: 4, acquiredAt: NOW }],
    ["another's valid lease: wait until it expires", other({ renewTime: at(NOW - 4_000) }), { action: "wait", holder: "pod-b", recheckAt: NOW + 6_001 }],
    ["another's lease at exactly its expiry: still valid", other({ renewTime: at(NOW - 10_000) }), { action: "wait", recheckAt: NOW + 1 }],
    ["an empty holder (released lease): acquire at once", other({ holderIdentity: "", renewTime: at(NOW) }), { action: "acquire", transitions: 4 }],
    ["no holder field at all: acquire", lease({ leaseTransitions: 1 }), { action: "acquire", transitions: 2 }],
    ["another holder without renewTime: acquire", other({ renewTime: undefined }), { action: "acquire", transitions: 4 }],
    ["expiry uses the lease's own duration (60 s), not mine (15 s)", other({ leaseDurationSeconds: 60, renewTime: at(NOW - 30_000) }), { action: "wait", recheckAt: NOW + 30_001 }],
    ["a lease without duration falls back to mine (15 s)", other({ leaseDurationSeconds: undefined, renewTime: at(NOW - 16_000) }), { action: "acquire" }],
    ["renewTime as the wire string client-node reads", other({ renewTime: "2026-01-15T09:59:55.123456Z" as unknown as V1MicroTime }), { action: "wait", recheckAt: NOW + 5_124 }],
    ["a missing leaseTransitions counts as 0", other({ leaseTransitions: undefined, renewTime: at(NOW - 20_000) }), { action: "acquire", transitions: 1 }],
  ])("%s", (_what, current, want) => {
    const decision = decideLease({ lease: current, identity: ME, now: NOW, leaseDurationMs: 15_000 });
    expect(decision.action).toBe(want.action);
    if (decision.action === "wait") {
      if (want.holder) expect(decision.holder).toBe(want.holder);
      expect(decision.recheckAt).toBe(want.recheckAt);
      return;
    }
    expect(decision.spec.holderIdentity).toBe(ME);
    expect(decision.spec.leaseDurationSeconds).toBe(15);
    expect(decision.spec.renewTime).toEqual(at(NOW));
    if (want.transitions !== undefined) expect(decision.spec.leaseTransitions).toBe(want.transitions);
    if (want.acquiredAt !== undefined) expect(new Date(decision.spec.acquireTime!).getTime()).toBe(want.acquiredAt);
  });

  it("writes times as V1MicroTime, which serializes with microseconds as the apiserver requires", () => {
    const d = decideLease({ lease: undefined, identity: ME, now: NOW + 123, leaseDurationMs: 15_000 });
    expect(d.action === "create" && JSON.stringify(d.spec.renewTime)).toBe('"2026-01-15T10:00:00.123000Z"');
  });

  it.each([
    [1, 1],
    [1_500, 2],
    [15_000, 15],
  ])("rounds a %i ms duration up to %i s", (ms, seconds) => {
    const d = decideLease({ lease: undefined, identity: ME, now: NOW, leaseDurationMs: ms });
    expect(d.action === "create" && d.spec.leaseDurationSeconds).toBe(seconds);
  });

  it("keeps spec fields it does not manage", () => {
    const d = decideLease({ lease: lease({ ...mine, strategy: "OldestEmulationVersion" }), identity: ME, now: NOW, leaseDurationMs: 15_000 });
    expect(d.action === "renew" && d.spec.strategy).toBe("OldestEmulationVersion");
  });
});

/** An in-memory Lease API with resourceVersion checks; stores objects as they travel on the wire (times as strings). */
class MemoryLeaseStore implements LeaseStore {
  lease: V1Lease | undefined;
  writes = 0;
  /** When set, every call rejects with it. */
  failure: Error | undefined;
  /** When set, every call stays pending forever. */
  hang = false;
  /** When set, writes wait for it before they take effect. */
  writeGate: Promise<void> | undefined;
  /** Runs before a write is checked, to let another writer slip in. */
  beforeWrite: (() => void) | undefined;
  private rv = 0;

  get(): Promise<V1Lease | undefined> {
    return this.call(() => this.lease && wire(this.lease));
  }

  create(l: V1Lease): Promise<V1Lease> {
    return this.call(() => {
      this.beforeWrite?.();
      if (this.lease) throw conflict();
      return this.put(l);
    });
  }

  async replace(l: V1Lease): Promise<V1Lease> {
    await this.writeGate;
    return this.call(() => {
      this.beforeWrite?.();
      if (l.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw conflict();
      return this.put(l);
    });
  }

  /** Writes as another client would: bumps the resourceVersion. */
  put(l: V1Lease): V1Lease {
    this.writes++;
    this.lease = wire({ ...l, metadata: { ...l.metadata, name: "l", namespace: "ns", resourceVersion: String(++this.rv) } });
    return wire(this.lease);
  }

  private async call<T>(fn: () => T): Promise<T> {
    if (this.hang) await new Promise<never>(() => undefined);
    if (this.failure) throw this.failure;
    return fn();
  }
}

const wire = (l: V1Lease): V1Lease => JSON.parse(JSON.stringify(l)) as V1Lease;
const conflict = (): ApiException<unknown> => new ApiException(409, "Conflict", { reason: "Conflict" }, {});
const renewMs = (store: MemoryLeaseStore): number => Date.parse(String(store.lease?.spec?.renewTime));

// One macrotask turn: every promise chain not blocked on a pending store call has settled by then.
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Moves fake time forward in small steps, letting the async store calls settle between them. */
async function elapse(clock: FakeClock, ms: number, step = 100): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await flush();
  }
}

async function gauge(name: string): Promise<number | undefined> {
  const metric = await leaderElectionMasterStatus.get();
  return metric.values.find((v) => v.labels.name === name)?.value;
}

let leaseNames = 0;

interface Setup {
  clock: FakeClock;
  store: MemoryLeaseStore;
  elector: LeaderElector;
  name: string;
  started: ReturnType<typeof vi.fn<(signal: AbortSignal) => void>>;
  stopped: ReturnType<typeof vi.fn<() => void>>;
  signal: () => AbortSignal;
}

function setup(opts: Partial<LeaderElectorOptions> = {}, store = new MemoryLeaseStore(), clock = new FakeClock(NOW)): Setup {
  const name = `unit-${++leaseNames}`;
  const started = vi.fn<(signal: AbortSignal) => void>();
  const stopped = vi.fn<() => void>();
  const elector = new LeaderElector({
    namespace: "ns",
    name,
    identity: ME,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    clock,
    store,
    onStartedLeading: started,
    onStoppedLeading: stopped,
    ...opts,
  });
  return { clock, store, elector, name, started, stopped, signal: () => started.mock.calls.at(-1)![0] };
}

describe("LeaderElector", () => {
  it("creates a missing lease and leads: callback with a live signal, gauge 1, onNewLeader(me)", async () => {
    const onNewLeader = vi.fn();
    const s = setup({ onNewLeader });
    s.elector.start();
    await elapse(s.clock, 0 + 1);
    expect(s.elector.isLeader()).toBe(true);
    expect(s.started).toHaveBeenCalledTimes(1);
    expect(s.signal().aborted).toBe(false);
    expect(s.store.lease?.spec).toMatchObject({ holderIdentity: ME, leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(await gauge(s.name)).toBe(1);
    expect(onNewLeader).toHaveBeenCalledWith(ME);
    await s.elector.stop();
  });

  it("renews about every retry period and stays leader without restarting its controllers", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    const writes = s.store.writes;
    await elapse(s.clock, 20_000);
    // Jitter only shortens the 2 s period: 10 to 13 renewals in 20 s.
    expect(s.store.writes - writes).toBeGreaterThanOrEqual(10);
    expect(s.store.writes - writes).toBeLessThanOrEqual(13);
    expect(renewMs(s.store)).toBeGreaterThan(NOW + 17_000);
    expect(s.store.lease?.spec?.leaseTransitions).toBe(0);
    expect(s.started).toHaveBeenCalledTimes(1);
    expect(s.elector.isLeader()).toBe(true);
    await s.elector.stop();
  });

  it("waits while another holds a valid lease and acquires it once expired, counting the transition", async () => {
    const store = new MemoryLeaseStore();
    store.put(lease({ holderIdentity: "pod-b", leaseDurationSeconds: 15, renewTime: at(NOW), leaseTransitions: 2 }));
    const onNewLeader = vi.fn();
    const s = setup({ onNewLeader }, store);
    s.elector.start();
    await elapse(s.clock, 15_000);
    expect(s.elector.isLeader()).toBe(false);
    expect(onNewLeader).toHaveBeenCalledWith("pod-b");
    expect(await gauge(s.name)).toBe(0);
    await elapse(s.clock, 2_100);
    expect(s.elector.isLeader()).toBe(true);
    expect(store.lease?.spec).toMatchObject({ holderIdentity: ME, leaseTransitions: 3 });
    expect(onNewLeader).toHaveBeenLastCalledWith(ME);
    await s.elector.stop();
  });

  it.each<[string, (store: MemoryLeaseStore) => void]>([
    ["replace of an expired lease", (store) => store.put(lease({ holderIdentity: "pod-b", leaseDurationSeconds: 15, renewTime: at(NOW - 60_000) }))],
    ["create of a missing lease", () => undefined],
  ])("a 409 on the %s (another candidate won) does not make us leader", async (_what, seed) => {
    const store = new MemoryLeaseStore();
    seed(store);
    store.beforeWrite = () => {
      store.beforeWrite = undefined;
      store.put(lease({ holderIdentity: "pod-c", leaseDurationSeconds: 15, renewTime: at(NOW) }));
    };
    const s = setup({}, store);
    s.elector.start();
    await elapse(s.clock, 5_000);
    expect(store.lease?.spec?.holderIdentity).toBe("pod-c");
    expect(s.elector.isLeader()).toBe(false);
    expect(s.started).not.toHaveBeenCalled();
    expect(await gauge(s.name)).toBe(0);
    await s.elector.stop();
  });

  it.each<[string, (store: MemoryLeaseStore) => void]>([
    ["every call fails", (store) => (store.failure = new ApiException(500, "Internal Server Error", {}, {}))],
    ["every call hangs", (store) => (store.hang = true)],
  ])("stops leading once renewals fail past the deadline (%s): aborts the signal, calls onStoppedLeading, gauge 0", async (_what, breakIt) => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    const renewedAt = renewMs(s.store);
    breakIt(s.store);
    await elapse(s.clock, renewedAt + 9_900 - s.clock.now());
    expect(s.elector.isLeader()).toBe(true);
    expect(s.signal().aborted).toBe(false);
    expect(s.stopped).not.toHaveBeenCalled();
    await elapse(s.clock, 200);
    expect(s.elector.isLeader()).toBe(false);
    expect(s.signal().aborted).toBe(true);
    expect(s.stopped).toHaveBeenCalledTimes(1);
    expect(await gauge(s.name)).toBe(0);
    // A hung request holds shutdown up for at most one renew deadline.
    const stopping = s.elector.stop();
    await elapse(s.clock, 10_000);
    await expect(stopping).resolves.toBeUndefined();
  });

  it("keeps leading through failures shorter than the deadline", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    s.store.failure = new Error("connection reset");
    await elapse(s.clock, 7_000);
    s.store.failure = undefined;
    await elapse(s.clock, 10_000);
    expect(s.elector.isLeader()).toBe(true);
    expect(s.stopped).not.toHaveBeenCalled();
    expect(s.started).toHaveBeenCalledTimes(1);
    await s.elector.stop();
  });

  it("does not take a renewal that returns after the deadline as a new term", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    let open!: () => void;
    s.store.writeGate = new Promise<void>((resolve) => (open = resolve));
    await elapse(s.clock, 12_000);
    expect(s.stopped).toHaveBeenCalledTimes(1);
    s.store.writeGate = undefined;
    open();
    await flush();
    expect(s.elector.isLeader()).toBe(false);
    expect(s.started).toHaveBeenCalledTimes(1);
    expect(s.stopped).toHaveBeenCalledTimes(1);
    await s.elector.stop();
  });

  it("steps down at once when the lease shows another valid holder", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    s.store.put(lease({ ...s.store.lease!.spec, holderIdentity: "pod-b", renewTime: at(s.clock.now()) }));
    await elapse(s.clock, 2_000);
    expect(s.elector.isLeader()).toBe(false);
    expect(s.signal().aborted).toBe(true);
    expect(s.stopped).toHaveBeenCalledTimes(1);
    expect(s.store.lease?.spec?.holderIdentity).toBe("pod-b");
    await s.elector.stop();
  });

  it("stop() ends leadership first, then releases the lease so that another candidate takes over at its next attempt", async () => {
    const store = new MemoryLeaseStore();
    const clock = new FakeClock(NOW);
    const a = setup({}, store, clock);
    const b = setup({ identity: "pod-b" }, store, clock);
    a.elector.start();
    await elapse(clock, 1);
    b.elector.start();
    await elapse(clock, 3_000);
    expect(b.elector.isLeader()).toBe(false);
    const order: string[] = [];
    a.stopped.mockImplementation(() => order.push(`stopped:${store.lease?.spec?.holderIdentity}`));
    await a.elector.stop();
    order.push(`released:${store.lease?.spec?.holderIdentity ?? ""}`);
    expect(order).toEqual(["stopped:pod-a", "released:"]);
    expect(a.signal().aborted).toBe(true);
    expect(store.lease?.spec?.renewTime).toBeUndefined();
    expect(await gauge(a.name)).toBe(0);
    await elapse(clock, 2_100);
    expect(b.elector.isLeader()).toBe(true);
    expect(store.lease?.spec).toMatchObject({ holderIdentity: "pod-b", leaseTransitions: 1 });
    await b.elector.stop();
  });

  it("stop() waits for onStartedLeading's promise before releasing", async () => {
    const store = new MemoryLeaseStore();
    let holderWhenDone = "";
    const s = setup(
      {
        onStartedLeading: (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener("abort", () => {
              // Controllers drain asynchronously after the abort.
              setImmediate(() => {
                holderWhenDone = store.lease?.spec?.holderIdentity ?? "";
                resolve();
              });
            }),
          ),
      },
      store,
    );
    s.elector.start();
    await elapse(s.clock, 1);
    await s.elector.stop();
    expect(holderWhenDone).toBe(ME);
    expect(store.lease?.spec?.holderIdentity).toBe("");
  });

  it("stop() leaves a lease held by another alone and resolves even when the apiserver fails", async () => {
    const store = new MemoryLeaseStore();
    store.put(lease({ holderIdentity: "pod-b", leaseDurationSeconds: 15, renewTime: at(NOW) }));
    const s = setup({}, store);
    s.elector.start();
    await elapse(s.clock, 1);
    const writes = store.writes;
    await s.elector.stop();
    expect(store.writes).toBe(writes);
    expect(s.stopped).not.toHaveBeenCalled();

    const failing = setup();
    failing.elector.start();
    await elapse(failing.clock, 1);
    failing.store.failure = new Error("apiserver down");
    await expect(failing.elector.stop()).resolves.toBeUndefined();
    expect(failing.stopped).toHaveBeenCalledTimes(1);
  });

  it("does not run attempts after stop()", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    await s.elector.stop();
    const writes = s.store.writes;
    await elapse(s.clock, 30_000);
    expect(s.store.writes).toBe(writes);
    expect(s.clock.pendingTimers()).toBe(0);
  });

  it("survives throwing callbacks and keeps renewing", async () => {
    const s = setup({
      onStartedLeading: () => Promise.reject(new Error("controllers crashed")),
      onNewLeader: () => {
        throw new Error("boom");
      },
    });
    s.elector.start();
    await elapse(s.clock, 1);
    const renewed = renewMs(s.store);
    await elapse(s.clock, 4_000);
    expect(s.elector.isLeader()).toBe(true);
    expect(renewMs(s.store)).toBeGreaterThan(renewed);
    await s.elector.stop();
  });

  it("wins back a lost lease with a fresh signal when renewals work again", async () => {
    const s = setup();
    s.elector.start();
    await elapse(s.clock, 1);
    s.store.failure = new Error("partition");
    await elapse(s.clock, 11_000);
    expect(s.elector.isLeader()).toBe(false);
    s.store.failure = undefined;
    await elapse(s.clock, 30_000);
    expect(s.elector.isLeader()).toBe(true);
    expect(s.started).toHaveBeenCalledTimes(2);
    expect(s.signal().aborted).toBe(false);
    await s.elector.stop();
  });

  it.each<[string, Partial<LeaderElectorOptions>, RegExp]>([
    ["an empty identity", { identity: "" }, /identity/],
    ["a lease duration not above the renew deadline", { leaseDurationMs: 10_000 }, /leaseDurationMs/],
    ["a renew deadline not above the retry period", { renewDeadlineMs: 2_000 }, /renewDeadlineMs/],
    ["a zero retry period", { retryPeriodMs: 0 }, /retryPeriodMs/],
    ["neither kc nor store", { store: undefined }, /kc or store/],
  ])("rejects %s", (_what, opts, message) => {
    expect(() => setup(opts)).toThrow(message);
  });
});
