import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { CLOCK, pod } from "../../test/fixtures/verify-objects.js";
import { podProblem, podsControlledBy, replicaProblems } from "./pod-judgement.js";

describe("podProblem", () => {
  it.each<[string, V1Pod, RegExp | undefined]>([
    ["Running and Ready", pod("a"), undefined],
    ["not Ready", pod("a", { ready: false }), /a: not ready/],
    ["CrashLoopBackOff", pod("a", { ready: false, waiting: "CrashLoopBackOff" }), /a: app CrashLoopBackOff/],
    ["ErrImagePull", pod("a", { ready: false, waiting: "ErrImagePull" }), /ErrImagePull/],
    ["ContainerCreating is not an error, but not Ready", pod("a", { ready: false, waiting: "ContainerCreating" }), /a: not ready/],
    ["Ready, restarted 2s ago", pod("a", { restarts: 4, restartedAgo: 2 }), /restarted within the last 20s/],
    ["Ready, restarted an hour ago", pod("a", { restarts: 4, restartedAgo: 3600 }), undefined],
    ["evicted", pod("a", { phase: "Failed", reason: "Evicted", ready: false }), /a: failed \(Evicted\)/],
  ])("%s", (_name, p, problem) => {
    const found = podProblem(p, CLOCK);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it("a restart is judged against the clock it is given, not the wall clock", () => {
    const p = pod("a", { restarts: 1, restartedAgo: 10 });
    expect(podProblem(p, { now: CLOCK.now, stableSeconds: 30 })).toBeDefined();
    expect(podProblem(p, { now: new Date(CLOCK.now.getTime() + 60_000), stableSeconds: 30 })).toBeUndefined();
  });
});

describe("replicaProblems and podsControlledBy", () => {
  it("leaves terminal and deleting pods out, and caps the list", () => {
    const pods = [1, 2, 3, 4].map((i) => pod(`p${i}`, { ready: false })).concat(pod("done", { phase: "Succeeded", ready: false }), pod("going", { deleting: true, ready: false }));
    expect(replicaProblems(pods, CLOCK)).toEqual(["p1: not ready", "p2: not ready", "p3: not ready"]);
  });

  it("keeps pods whose controller is one of the owners", () => {
    const mine = pod("mine", { owner: { kind: "ReplicaSet", name: "rs", uid: "u1" } });
    const other = pod("other", { owner: { kind: "ReplicaSet", name: "rs2", uid: "u2" } });
    expect(podsControlledBy([mine, other, pod("bare")], new Set(["u1"])).map((p) => p.metadata?.name)).toEqual(["mine"]);
  });
});
