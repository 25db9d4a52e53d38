import type { CoreV1Event } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { freshnessWindow } from "../freshness-window.js";
import { deploymentTarget, evidenceFixture, states, T0 } from "../test-fixtures.js";
import { eventFixture } from "../test-objects.js";
import { podFixture } from "../test-pods.js";
import { agePenalty, formatAge, lastOccurrence, recentRestarts, splitByFreshness } from "./freshness.js";

const MIN = 60_000;
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);
/** The alert came in at T0; the diagnosis runs five minutes later. */
const W = freshnessWindow(at(5), T0, 30);

/** A pod running and ready since, whose container's last run ended `ago` minutes before T0 in `reason`. */
function healedPod(ago: number, reason = "OOMKilled", exitCode = 137, restartCount = 3, suffix = "x2x9k"): ReturnType<typeof podFixture> {
  const terminated = { exitCode, reason, startedAt: at(-ago - 60), finishedAt: at(-ago) };
  return podFixture({ suffix, container: { ...states.running(), restartCount, lastState: { terminated } } });
}

describe("freshnessWindow", () => {
  it.each<[string, Date | undefined, number]>([
    ["the alert's time", T0, T0.getTime()],
    ["now when the alert time is unknown", undefined, at(5).getTime()],
    ["now when the alert claims a later time", at(60), at(5).getTime()],
    ["now when the alert time is not a time", new Date("not a date"), at(5).getTime()],
  ])("ends at %s", (_name, alertAt, reference) => {
    expect(freshnessWindow(at(5), alertAt, 30).reference.getTime()).toBe(reference);
  });
});

describe("splitByFreshness: a container's last termination", () => {
  it.each<[string, number, boolean]>([
    ["a minute before the alert", 1, true],
    ["just inside the window", 29.99, true],
    ["exactly at the window's edge", 30, true],
    ["just outside the window", 30.01, false],
    ["three weeks before the alert", 21 * 24 * 60, false],
    ["after the alert, before the diagnosis", -3, true],
  ])("%s: fresh=%s", (_name, ago, fresh) => {
    const e = evidenceFixture(deploymentTarget(), { pods: [healedPod(ago)] });
    const split = splitByFreshness(e, W);
    const kept = split.fresh.pods[0]?.status?.containerStatuses?.[0];
    expect(kept?.lastState?.terminated !== undefined).toBe(fresh);
    expect(split.stale.map((f) => f.fact)).toEqual(fresh ? [] : ["container app lastState.terminated reason=OOMKilled exitCode=137"]);
    // Current state stays whatever the age: the container runs, the pod is ready.
    expect(kept?.state?.running).toBeDefined();
    expect(kept?.restartCount).toBe(3);
  });

  it("names the object and the age at the alert", () => {
    const e = evidenceFixture(deploymentTarget(), { pods: [healedPod(21 * 24 * 60)] });
    const [fact] = splitByFreshness(e, W).stale;
    expect(fact).toMatchObject({ object: "Pod production/user-service-7d9f8b6c5-x2x9k", notable: true, ageMs: 21 * 24 * 60 * MIN });
  });

  it("judges a termination without finishedAt stale: it cannot be shown fresh", () => {
    const pod = podFixture({ container: { ...states.running(), restartCount: 4, lastState: { terminated: { exitCode: 2, reason: "Error" } } } });
    const split = splitByFreshness(evidenceFixture(deploymentTarget(), { pods: [pod] }), W);
    expect(split.stale).toHaveLength(1);
    expect(split.stale[0]?.ageMs).toBeUndefined();
  });

  it("keeps each pod's own fresh facts among pods of mixed ages", () => {
    const pods = [healedPod(2), healedPod(90, "OOMKilled", 137, 3, "q8w7z")];
    const split = splitByFreshness(evidenceFixture(deploymentTarget(), { pods }), W);
    expect(split.fresh.pods.map((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason)).toEqual(["OOMKilled", undefined]);
    expect(split.stale.map((f) => f.object)).toEqual(["Pod production/user-service-7d9f8b6c5-q8w7z"]);
  });
});

describe("splitByFreshness: events", () => {
  it.each<[string, number, boolean]>([
    ["fresh", 1, true],
    ["just inside", 29, true],
    ["just outside", 31, false],
    ["weeks old", 30_000, false],
  ])("%s", (_name, ago, fresh) => {
    const e = evidenceFixture(deploymentTarget(), { events: [eventFixture({ reason: "OOMKilling", message: "Out of memory: Killed process 1234", name: "kwok-node-1", kind: "Node", ago })] });
    const split = splitByFreshness(e, W);
    expect(split.fresh.events).toHaveLength(fresh ? 1 : 0);
    expect(split.stale.every((f) => f.notable)).toBe(true);
  });
});

describe("lastOccurrence", () => {
  const base = eventFixture({ reason: "BackOff", message: "x", name: "p", ago: 120 });
  it.each<[string, Partial<CoreV1Event>, number | undefined]>([
    ["lastTimestamp", {}, at(-120).getTime()],
    ["the later series.lastObservedTime", { series: { count: 5, lastObservedTime: at(-1) } }, at(-1).getTime()],
    ["eventTime when nothing else is set", { lastTimestamp: undefined, firstTimestamp: undefined, eventTime: at(-7) }, at(-7).getTime()],
    ["creationTimestamp as the last resort", { lastTimestamp: undefined, firstTimestamp: undefined, metadata: { creationTimestamp: at(-9) } }, at(-9).getTime()],
  ])("%s", (_name, patch, expected) => {
    expect(lastOccurrence({ ...base, ...patch })).toBe(expected);
  });
});

describe("agePenalty", () => {
  it.each<[string, number | undefined, number]>([
    ["at the window's edge: half", 30 * MIN, 0.5],
    ["two windows old: a quarter", 60 * MIN, 0.25],
    ["weeks old: the floor", 21 * 24 * 60 * MIN, 0.05],
    ["time not recorded: the floor", undefined, 0.05],
  ])("%s", (_name, age, factor) => {
    expect(agePenalty(age, W)).toBeCloseTo(factor, 5);
  });
});

describe("formatAge", () => {
  it.each<[number, string]>([
    [0, "0s"],
    [30_000, "30s"],
    [45 * MIN, "45m"],
    [125 * MIN, "2h 5m"],
    [(21 * 24 * 60 + 3 * 60) * MIN, "21d 3h"],
    [24 * 60 * MIN, "1d 0h"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe("recentRestarts", () => {
  const old = (pod: ReturnType<typeof podFixture>): ReturnType<typeof podFixture> => ({ ...pod, status: { ...pod.status, startTime: at(-30_000) } });
  it.each<[string, ReturnType<typeof podFixture>, CoreV1Event[], number]>([
    ["a pod started in the window: every restart", healedPod(2, "Error", 1, 40), [], 40],
    ["an old pod: only the last, fresh one", old(healedPod(2, "Error", 1, 40)), [], 1],
    ["an old pod the kubelet backs off now: all", old(healedPod(2, "Error", 1, 40)), [eventFixture({ reason: "BackOff", message: "Back-off restarting failed container", name: "user-service-7d9f8b6c5-x2x9k" })], 40],
    ["an old termination: none", old(healedPod(90, "Error", 1, 40)), [], 0],
  ])("%s", (_name, pod, events, expected) => {
    const { fresh } = splitByFreshness(evidenceFixture(deploymentTarget(), { pods: [pod], events }), W);
    const status = fresh.pods[0]?.status?.containerStatuses?.[0];
    if (status === undefined || fresh.pods[0] === undefined) throw new Error("fixture without a container");
    expect(recentRestarts(fresh, { pod: fresh.pods[0], status })).toBe(expected);
  });
});
