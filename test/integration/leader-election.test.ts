/**
 * Lease-based leader election against the real apiserver: one leader at a
 * time, a graceful stop hands over at once, a leader that cannot renew steps
 * down before anyone takes over, and the leader gauge follows.
 */
import { CoordinationV1Api, V1MicroTime, type V1Lease } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeLeaseStore, LeaderElector, type LeaseStore } from "../../lib/controller/leader-election.js";
import { registry } from "../../lib/metrics.js";
import { adminKube, createNamespace, eventually, kubectl } from "./helpers.js";

const LEASE_MS = 3_000;
const kc = adminKube();
const coordination = kc.makeApiClient(CoordinationV1Api);
let ns = "";
const electors: LeaderElector[] = [];

beforeAll(async () => {
  ns = await createNamespace("le");
});

afterAll(async () => {
  await Promise.all(electors.map((e) => e.stop()));
});

/** The Lease API as an elector sees it, with a switch that cuts it off and a record of its last successful renewal. */
class TestStore implements LeaseStore {
  broken = false;
  lastRenewMs = 0;
  private readonly inner: LeaseStore;

  constructor(name: string) {
    this.inner = new KubeLeaseStore(kc, ns, name);
  }

  get(): Promise<V1Lease | undefined> {
    return this.guard(() => this.inner.get());
  }

  create(lease: V1Lease): Promise<V1Lease> {
    return this.guard(() => this.inner.create(lease)).then((l) => this.record(l));
  }

  replace(lease: V1Lease): Promise<V1Lease> {
    return this.guard(() => this.inner.replace(lease)).then((l) => this.record(l));
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.broken) throw new Error("network partition (test)");
    return call();
  }

  private record(lease: V1Lease): V1Lease {
    const renewed = ms(lease.spec?.renewTime);
    if (lease.spec?.holderIdentity && renewed) this.lastRenewMs = Math.max(this.lastRenewMs, renewed);
    return lease;
  }
}

interface Candidate {
  identity: string;
  elector: LeaderElector;
  store: TestStore;
  signals: AbortSignal[];
  startedAt: number[];
  stoppedAt: number[];
}

function candidate(lease: string, identity: string): Candidate {
  const store = new TestStore(lease);
  const signals: AbortSignal[] = [];
  const startedAt: number[] = [];
  const stoppedAt: number[] = [];
  const elector = new LeaderElector({
    store,
    namespace: ns,
    name: lease,
    identity,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: 2_000,
    retryPeriodMs: 500,
    onStartedLeading: (signal) => {
      signals.push(signal);
      startedAt.push(Date.now());
    },
    onStoppedLeading: () => void stoppedAt.push(Date.now()),
  });
  electors.push(elector);
  elector.start();
  return { identity, elector, store, signals, startedAt, stoppedAt };
}

// Read objects carry MicroTime as the wire string, ones we built as Dates.
function ms(t: Date | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  return t instanceof Date ? t.getTime() : Date.parse(t);
}

const readLease = (name: string): Promise<V1Lease> => coordination.readNamespacedLease({ name, namespace: ns });

/** Waits until exactly one of `cs` leads and returns it. */
function soleLeader(cs: Candidate[], timeoutMs = 30_000): Promise<Candidate> {
  return eventually(
    "exactly one leader",
    () => {
      const leaders = cs.filter((c) => c.elector.isLeader());
      return Promise.resolve(leaders.length === 1 ? leaders[0] : undefined);
    },
    timeoutMs,
  );
}

const until = (what: string, cond: () => boolean, timeoutMs = 30_000): Promise<true> =>
  eventually(what, () => Promise.resolve(cond() || undefined), timeoutMs);

describe("two electors on one Lease", () => {
  it("elect exactly one leader, which the Lease names, in the apiserver's MicroTime format", async () => {
    const cs = [candidate("one-leader", "pod-a"), candidate("one-leader", "pod-b")];
    const leader = await soleLeader(cs);
    const other = cs.find((c) => c !== leader)!;

    const lease = await readLease("one-leader");
    expect(lease.spec?.holderIdentity).toBe(leader.identity);
    expect(lease.spec?.leaseDurationSeconds).toBe(3);
    expect(lease.spec?.leaseTransitions).toBe(0);
    // Several renewals later the other still waits and the holder is unchanged.
    await until("three more renewals", () => leader.store.lastRenewMs > ms(lease.spec?.renewTime)! + 1_000);
    expect(other.elector.isLeader()).toBe(false);
    expect(other.signals).toHaveLength(0);
    expect(leader.signals).toHaveLength(1);
    expect((await readLease("one-leader")).spec?.holderIdentity).toBe(leader.identity);

    const raw = JSON.parse(await kubectl(["get", "lease", "one-leader", "-n", ns, "-o", "json"])) as V1Lease;
    expect(raw.spec?.renewTime as unknown as string).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(raw.spec?.acquireTime as unknown as string).toMatch(/\.\d{6}Z$/);
  });
});

describe("stop() of the leader", () => {
  it("releases the Lease, so the other takes over before the lease would have expired, counting a transition", async () => {
    const cs = [candidate("handover", "pod-a"), candidate("handover", "pod-b")];
    const leader = await soleLeader(cs);
    const other = cs.find((c) => c !== leader)!;
    const before = (await readLease("handover")).spec?.leaseTransitions ?? 0;

    await leader.elector.stop();
    expect(leader.elector.isLeader()).toBe(false);
    expect(leader.signals[0]!.aborted).toBe(true);
    expect(leader.stoppedAt).toHaveLength(1);

    await until(`${other.identity} leads`, () => other.elector.isLeader());
    const lease = await readLease("handover");
    expect(lease.spec?.holderIdentity).toBe(other.identity);
    expect(lease.spec?.leaseTransitions).toBe(before + 1);
    // Taking over by expiry would need acquireTime > last renewal + 3 s; only the release allows it sooner.
    expect(ms(lease.spec?.acquireTime)! - leader.store.lastRenewMs).toBeLessThan(LEASE_MS);
    expect(leader.stoppedAt[0]!).toBeLessThanOrEqual(other.startedAt[0]!);
  });
});

describe("a leader that can no longer renew", () => {
  it("stops leading (its signal aborts) before the other takes over after the lease expired", async () => {
    const cs = [candidate("partition", "pod-a"), candidate("partition", "pod-b")];
    const leader = await soleLeader(cs);
    const other = cs.find((c) => c !== leader)!;
    const before = (await readLease("partition")).spec?.leaseTransitions ?? 0;

    leader.store.broken = true;
    await until(`${leader.identity}'s signal aborts`, () => leader.signals[0]!.aborted);
    expect(leader.elector.isLeader()).toBe(false);
    expect(leader.stoppedAt).toHaveLength(1);

    await until(`${other.identity} leads`, () => other.elector.isLeader());
    const lease = await readLease("partition");
    expect(lease.spec?.holderIdentity).toBe(other.identity);
    expect(lease.spec?.leaseTransitions).toBe(before + 1);
    // The other respected the lease: it acquired only after the last renewal had expired.
    expect(ms(lease.spec?.acquireTime)!).toBeGreaterThan(leader.store.lastRenewMs + LEASE_MS);
    // And the old leader had stopped by then, so the two never led at once.
    expect(leader.stoppedAt[0]!).toBeLessThan(other.startedAt[0]!);
  });

  it("steps down at once when another holder overwrote the Lease, and nobody takes over before that lease expires", async () => {
    const cs = [candidate("overwritten", "pod-a"), candidate("overwritten", "pod-b")];
    const leader = await soleLeader(cs);
    const current = await readLease("overwritten");
    const overwrittenAt = Date.now();
    await coordination.replaceNamespacedLease({
      name: "overwritten",
      namespace: ns,
      body: { ...current, spec: { ...current.spec, holderIdentity: "intruder", renewTime: new V1MicroTime(overwrittenAt) } },
    });

    await until(`${leader.identity}'s signal aborts`, () => leader.signals[0]!.aborted);
    expect(leader.elector.isLeader()).toBe(false);
    const winner = await soleLeader(cs);
    const lease = await readLease("overwritten");
    expect(lease.spec?.holderIdentity).toBe(winner.identity);
    expect(ms(lease.spec?.acquireTime)!).toBeGreaterThan(overwrittenAt + LEASE_MS);
  });
});

describe("leader_election_master_status", () => {
  const sample = async (name: string): Promise<string | undefined> => {
    const text = await registry.getSingleMetricAsString("leader_election_master_status");
    return new RegExp(`^leader_election_master_status\\{name="${name}"\\} (\\d+)$`, "m").exec(text)?.[1];
  };

  it("reads 1 for the leader and 0 after it stops", async () => {
    expect(await sample("gauge")).toBeUndefined();
    const c = candidate("gauge", "pod-a");
    await until("pod-a leads", () => c.elector.isLeader());
    expect(await sample("gauge")).toBe("1");
    await c.elector.stop();
    expect(await sample("gauge")).toBe("0");
    expect((await readLease("gauge")).spec?.holderIdentity ?? "").toBe("");
  });
});
