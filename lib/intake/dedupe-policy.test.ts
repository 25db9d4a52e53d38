import { describe, expect, it } from "vitest";
import type { IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../resources.js";
import { dedupeTargetAmong, isDedupeTarget, isOpen, judgeClaim, latestOpen, recoveryPatch, repeatPatch } from "./dedupe-policy.js";
import type { ClaimState } from "./dedupe-policy.js";

const MINUTE = 60_000;
const WINDOW = 30 * MINUTE;
const GRACE = 15_000;
const NOW = Date.parse("2026-01-15T12:00:00.000Z");
const FP = "0123456789abcdef";

interface Shape {
  name?: string;
  phase?: IncidentPhase;
  lastSeen?: string;
  fingerprint?: string;
  occurrences?: number;
  recoveredAt?: string;
}

function incident(shape: Shape = {}): Incident {
  const name = shape.name ?? "inc-20260115-001";
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name, resourceVersion: "7" },
    spec: {
      id: name.toUpperCase(),
      title: "Pod CrashLoopBackOff",
      severity: "high",
      category: "kubernetes",
      fingerprint: shape.fingerprint ?? FP,
      alert: { message: "m", receivedAt: "2026-01-15T11:00:00.000Z" },
      occurrences: shape.occurrences ?? 1,
      firstSeen: "2026-01-15T11:00:00.000Z",
      lastSeen: shape.lastSeen ?? "2026-01-15T11:50:00.000Z",
      ...(shape.recoveredAt === undefined ? {} : { recoveredAt: shape.recoveredAt }),
    },
    ...(shape.phase === undefined ? {} : { status: { phase: shape.phase } }),
  };
}

const minutesAgo = (minutes: number): string => new Date(NOW - minutes * MINUTE).toISOString();

describe("isOpen", () => {
  it.each<[IncidentPhase | undefined, boolean]>([
    [undefined, true],
    ["new", true],
    ["diagnosing", true],
    ["awaiting_confirmation", true],
    ["proposing", true],
    ["awaiting_approval", true],
    ["executing", true],
    ["verifying", true],
    ["resolved", false],
    ["escalated", false],
    ["rejected", false],
    ["failed", false],
    ["ignored", false],
    ["duplicate", false],
  ])("phase %s: open is %s", (phase, open) => {
    expect(isOpen(incident({ phase }))).toBe(open);
  });
});

describe("isDedupeTarget", () => {
  it.each<[string, Shape, boolean]>([
    ["open, seen 10 minutes ago", { lastSeen: minutesAgo(10) }, true],
    ["open, seen exactly one window ago", { lastSeen: minutesAgo(30) }, true],
    ["open, seen just over one window ago", { lastSeen: new Date(NOW - WINDOW - 1).toISOString() }, false],
    ["open, last seen by a receiver whose clock runs ahead", { lastSeen: minutesAgo(-5) }, true],
    ["resolved, seen a minute ago", { phase: "resolved", lastSeen: minutesAgo(1) }, false],
    ["diagnosing, seen a minute ago", { phase: "diagnosing", lastSeen: minutesAgo(1) }, true],
    ["an unreadable lastSeen", { lastSeen: "garbage" }, false],
  ])("%s: %s", (_what, shape, expected) => {
    expect(isDedupeTarget(incident(shape), NOW, WINDOW)).toBe(expected);
  });
});

describe("judgeClaim", () => {
  const state = (over: Partial<ClaimState>): ClaimState => ({
    claimedName: "inc-20260115-001",
    incident: undefined,
    fingerprint: FP,
    claimAgeMs: 0,
    nowMs: NOW,
    windowMs: WINDOW,
    graceMs: GRACE,
    ...over,
  });

  it.each<[string, Partial<ClaimState>, string]>([
    ["an open incident within the window", { incident: incident({ lastSeen: minutesAgo(5) }) }, "bump"],
    ["an open incident whose claim is old", { incident: incident({ lastSeen: minutesAgo(5) }), claimAgeMs: 3 * WINDOW }, "bump"],
    ["a resolved incident", { incident: incident({ phase: "resolved", lastSeen: minutesAgo(1) }) }, "renew"],
    ["a duplicate incident", { incident: incident({ phase: "duplicate", lastSeen: minutesAgo(1) }) }, "renew"],
    ["an open incident past the window", { incident: incident({ lastSeen: minutesAgo(31) }) }, "renew"],
    ["an incident of another fingerprint (id taken before the claimant created it)", { incident: incident({ fingerprint: "ffffffffffffffff" }) }, "renew"],
    ["no incident yet, fresh claim", { claimAgeMs: 1_000 }, "wait"],
    ["no incident yet, claim exactly at the grace", { claimAgeMs: GRACE }, "wait"],
    ["no incident, claim past the grace", { claimAgeMs: GRACE + 1 }, "adopt"],
    ["no incident, claim of unknown age", { claimAgeMs: Infinity }, "renew"],
    ["no incident, claim older than the window", { claimAgeMs: WINDOW + 1 }, "renew"],
    ["a claim holding something that is not an incident name", { claimedName: "someone", claimAgeMs: 0 }, "renew"],
    ["a claim holding nothing", { claimedName: "", claimAgeMs: 0 }, "renew"],
  ])("%s: %s", (_what, over, action) => {
    expect(judgeClaim(state(over)).action).toBe(action);
  });

  it("hands the incident to count on with a bump", () => {
    const target = incident({ lastSeen: minutesAgo(1) });
    expect(judgeClaim(state({ incident: target }))).toEqual({ action: "bump", incident: target });
  });
});

describe("latestOpen and dedupeTargetAmong", () => {
  const oldOpen = incident({ name: "inc-20260115-001", lastSeen: minutesAgo(50) });
  const newOpen = incident({ name: "inc-20260115-002", lastSeen: minutesAgo(5) });
  const newestClosed = incident({ name: "inc-20260115-003", lastSeen: minutesAgo(1), phase: "resolved" });

  it.each<[string, Incident[], string | undefined, string | undefined]>([
    ["none", [], undefined, undefined],
    ["only closed ones", [newestClosed], undefined, undefined],
    ["the open one seen last, whatever the order", [newOpen, newestClosed, oldOpen], "inc-20260115-002", "inc-20260115-002"],
    ["an open one past the window: latest, but no repeat target", [oldOpen, newestClosed], "inc-20260115-001", undefined],
  ])("%s", (_what, incidents, latest, target) => {
    expect(latestOpen(incidents)?.metadata.name).toBe(latest);
    expect(dedupeTargetAmong(incidents, NOW, WINDOW)?.metadata.name).toBe(target);
  });
});

describe("repeatPatch", () => {
  const now = new Date(NOW);
  it.each<[string, Shape, Record<string, unknown>]>([
    ["counts one more and moves lastSeen", { occurrences: 1, lastSeen: minutesAgo(5) }, { occurrences: 2, lastSeen: now.toISOString() }],
    ["keeps a later lastSeen", { occurrences: 9, lastSeen: minutesAgo(-1) }, { occurrences: 10, lastSeen: minutesAgo(-1) }],
    [
      "clears an earlier recovery: the problem is back",
      { occurrences: 3, lastSeen: minutesAgo(5), recoveredAt: minutesAgo(4) },
      { occurrences: 4, lastSeen: now.toISOString(), recoveredAt: null },
    ],
  ])("%s", (_what, shape, spec) => {
    expect(repeatPatch(incident(shape), now)).toEqual({ spec });
  });
});

describe("recoveryPatch", () => {
  const now = new Date(NOW);
  it.each<[string, Shape, Record<string, unknown>]>([
    ["records the recovery and lastSeen", { lastSeen: minutesAgo(5) }, { recoveredAt: now.toISOString(), lastSeen: now.toISOString() }],
    ["keeps a later lastSeen", { lastSeen: minutesAgo(-1) }, { recoveredAt: now.toISOString(), lastSeen: minutesAgo(-1) }],
  ])("%s", (_what, shape, spec) => {
    expect(recoveryPatch(incident(shape), now)).toEqual({ spec });
  });
});
