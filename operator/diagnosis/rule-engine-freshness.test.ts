import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { Diagnosis } from "../../crds/index.js";
import type { Evidence } from "./evidence.js";
import { diagnoseWithRules, type RuleEngineOptions, type RuleEngineResult } from "./rule-engine.js";
import { deploymentFixture, deploymentTarget, evidenceFixture, NS, replicaSetFixture, states, T0, type ContainerState } from "./test-fixtures.js";
import { eventFixture, nodeFixture } from "./test-objects.js";
import { podFixture } from "./test-pods.js";

const MIN = 60_000;
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);
const WEEKS = 21 * 24 * 60;
/** The alert came in at T0, the diagnosis runs two minutes later, the window is 30 minutes. */
const OPTS: RuleEngineOptions = { now: at(2), alertAt: T0, freshnessMinutes: 30, locale: "en" };
const IMG = "registry.example.com/user-service:1.4.0";

const oomEnded = (ago: number): { terminated: NonNullable<NonNullable<ContainerState["lastState"]>["terminated"]> } => ({
  terminated: { exitCode: 137, reason: "OOMKilled", startedAt: at(-ago - 60), finishedAt: at(-ago) },
});
/** Running and ready since an OOM kill `ago` minutes before the alert. */
const healedFromOom = (ago: number): ContainerState => ({ ...states.running(), restartCount: 3, lastState: oomEnded(ago) });
/** In back-off now after an OOM kill `ago` minutes before the alert. */
const loopingOnOom = (ago: number): ContainerState => ({ ...states.oomKilled(), lastState: oomEnded(ago) });

function oomWorld(pods: V1Pod[]): Evidence {
  return evidenceFixture(deploymentTarget(), {
    deployment: deploymentFixture({ memoryLimit: "128Mi" }),
    replicaSets: [replicaSetFixture("user-service", 1, IMG)],
    pods,
  });
}

const plugins = (r: RuleEngineResult): string[] | undefined => r.proposal?.steps.map((s) => s.plugin);
const texts = (r: RuleEngineResult): string => r.diagnosis.keyFindings.map((f) => [f.finding, ...(f.evidence ?? [])].join("\n")).join("\n");

describe("the same OOM kill at several ages, on a pod running and ready since", () => {
  it.each<[string, number, "oom_killed" | "unknown", string[] | undefined]>([
    ["fresh", 1, "oom_killed", ["set_container_resources"]],
    ["just inside the window", 29.5, "oom_killed", ["set_container_resources"]],
    ["just outside the window", 30.5, "unknown", undefined],
    ["weeks old", WEEKS, "unknown", undefined],
  ])("%s", (_name, ago, mode, tools) => {
    const result = diagnoseWithRules(oomWorld([podFixture({ memoryLimit: "128Mi", container: healedFromOom(ago) })]), OPTS);
    expect(result.mode).toBe(mode);
    expect(plugins(result)).toEqual(tools);
    expect(result.staleEvidence.length > 0).toBe(mode === "unknown");
    expect(Diagnosis.safeParse(result.diagnosis).success).toBe(true);
  });

  it("weeks old: escalates, naming the pod, the fact and its age, at a confidence lowered by age", () => {
    const result = diagnoseWithRules(oomWorld([podFixture({ memoryLimit: "128Mi", container: healedFromOom(WEEKS) })]), OPTS);
    expect(result.diagnosis.confidence).toBeLessThanOrEqual(0.3);
    expect(texts(result)).toContain(
      "Pod production/user-service-7d9f8b6c5-x2x9k: container app lastState.terminated reason=OOMKilled exitCode=137 (21d 0h before the alert)",
    );
    expect(texts(result)).toContain("Only in stale evidence: OOMKilled (21d 0h before the alert; confidence lowered by age to 0.05; no fix proposed)");
    expect(result.diagnosis.rootCause).toContain("only evidence older than the 30m window before the alert shows: OOMKilled");
    expect(result.staleEvidence.map((f) => f.ageMs)).toEqual([WEEKS * MIN]);
  });

  it("just outside: the stale mode keeps about half its confidence", () => {
    const result = diagnoseWithRules(oomWorld([podFixture({ memoryLimit: "128Mi", container: healedFromOom(30.5) })]), OPTS);
    expect(texts(result)).toContain("confidence lowered by age to 0.47");
  });
});

describe("several pods with evidence of mixed ages", () => {
  it("acts on the fresh OOM only and names the stale one", () => {
    const pods = [
      podFixture({ suffix: "q8w7z", memoryLimit: "128Mi", container: healedFromOom(WEEKS) }),
      podFixture({ suffix: "x2x9k", memoryLimit: "128Mi", container: loopingOnOom(1) }),
    ];
    const result = diagnoseWithRules(oomWorld(pods), OPTS);
    expect(result.mode).toBe("oom_killed");
    expect(plugins(result)).toEqual(["set_container_resources"]);
    const lastRestart = result.diagnosis.keyFindings.find((f) => f.finding === "The last restart was caused by OOMKilled");
    expect(lastRestart?.evidence?.join("\n")).toContain("x2x9k");
    expect(lastRestart?.evidence?.join("\n")).not.toContain("q8w7z");
    expect(result.staleEvidence.map((f) => f.object)).toEqual(["Pod production/user-service-7d9f8b6c5-q8w7z"]);
  });

  it("proposes nothing when every OOM is old, even with many pods", () => {
    const pods = ["q8w7z", "x2x9k", "b7c4d"].map((suffix, i) =>
      podFixture({ suffix, memoryLimit: "128Mi", container: healedFromOom(WEEKS - i * 60) }),
    );
    const result = diagnoseWithRules(oomWorld(pods), OPTS);
    expect(result.proposal).toBeUndefined();
    expect(result.staleEvidence).toHaveLength(3);
  });
});

describe("OOM events only", () => {
  it.each<[string, number, "oom_killed" | "unknown"]>([
    ["fresh", 2, "oom_killed"],
    ["weeks old", WEEKS, "unknown"],
  ])("%s", (_name, ago, mode) => {
    const events = [eventFixture({ reason: "OOMKilling", message: "Out of memory: Killed process 4242 (app)", kind: "Node", name: "kwok-node-1", ago })];
    const e = evidenceFixture(deploymentTarget(), {
      pods: [podFixture({ suffix: "x2x9k", node: "kwok-node-1" })],
      nodes: [nodeFixture({ name: "kwok-node-1" })],
      events,
    });
    expect(diagnoseWithRules(e, OPTS).mode).toBe(mode);
  });
});

/** An old pod (started weeks ago) whose container last ended `ago` minutes before the alert. */
function restartedPod(ago: number, restartCount: number, waiting = false): V1Pod {
  const lastState = { terminated: { exitCode: 1, reason: "Error", startedAt: at(-ago - 1), finishedAt: at(-ago) } };
  const state = waiting ? { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app" } } : { running: { startedAt: at(-ago) } };
  const pod = podFixture({ container: { ready: !waiting, started: !waiting, restartCount, lastState, state } });
  return { ...pod, status: { ...pod.status, startTime: at(-WEEKS) } };
}

describe("crash_loop counts recent restarts, not the pod's lifetime", () => {
  const backOff = eventFixture({ reason: "BackOff", message: "Back-off restarting failed container app", name: "user-service-7d9f8b6c5-x2x9k", ago: 1 });
  it.each<[string, V1Pod, boolean, "crash_loop" | "unknown"]>([
    ["40 restarts, the last weeks ago, running since", restartedPod(WEEKS, 40), false, "unknown"],
    ["40 restarts, only the last one recent, no back-off", restartedPod(2, 40), false, "unknown"],
    ["40 restarts, the last recent, the kubelet backing off now", restartedPod(2, 40), true, "crash_loop"],
    ["in CrashLoopBackOff now", restartedPod(1, 40, true), false, "crash_loop"],
  ])("%s", (_name, pod, withBackOff, mode) => {
    const e = evidenceFixture(deploymentTarget(), { pods: [pod], events: withBackOff ? [backOff] : [] });
    expect(diagnoseWithRules(e, OPTS).mode).toBe(mode);
  });
});

describe("a stale OOM against a node NotReady now", () => {
  /** A Node alert: `api` has a pod on the lost node, `billing` one with an OOM kill weeks ago. */
  function nodeWorld(): Evidence {
    const api = podFixture({ deployment: "api", node: "kwok-node-3", podReady: false });
    const billing = podFixture({ deployment: "billing", node: "kwok-node-3", podReady: false, container: healedFromOom(WEEKS) });
    return evidenceFixture({ kind: "Node", name: "kwok-node-3" }, { pods: [api, billing], nodes: [nodeFixture({ name: "kwok-node-3", ready: "Unknown" })] });
  }

  it("the node wins and nothing is proposed for a workload", () => {
    const result = diagnoseWithRules(nodeWorld(), OPTS);
    expect(result.mode).toBe("node_not_ready");
    expect(plugins(result)).toEqual(["cordon_node"]);
    expect(JSON.stringify(result.proposal)).not.toMatch(/billing|api-|deployment_name/);
    expect(texts(result)).toContain("billing");
    expect(texts(result)).toContain("21d 0h before the alert");
    expect(texts(result)).toContain("Only in stale evidence: OOMKilled (21d 0h before the alert; confidence lowered by age to 0.05; no fix proposed)");
    expect(result.diagnosis.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it("without the window (as before) the stale OOM would have tied and won", () => {
    const result = diagnoseWithRules(nodeWorld(), { ...OPTS, freshnessMinutes: 60 * 24 * 365 });
    expect(result.mode).toBe("oom_killed");
  });
});

describe("the clock is an input", () => {
  const e = (): Evidence => oomWorld([podFixture({ memoryLimit: "128Mi", container: healedFromOom(10) })]);
  it.each<[string, RuleEngineOptions, "oom_killed" | "unknown"]>([
    ["alert at T0: ten minutes old, fresh", OPTS, "oom_killed"],
    ["diagnosed hours after the alert: measured from the alert, still fresh", { ...OPTS, now: at(300) }, "oom_killed"],
    ["a later alert: stale", { ...OPTS, now: at(60), alertAt: at(60) }, "unknown"],
    ["no alert time: measured from now", { now: at(60), freshnessMinutes: 30 }, "unknown"],
    ["an alert time after now: measured from now", { now: T0, alertAt: at(600), freshnessMinutes: 30 }, "oom_killed"],
    ["a five-minute window", { ...OPTS, freshnessMinutes: 5 }, "unknown"],
  ])("%s", (_name, opts, mode) => {
    const result = diagnoseWithRules(e(), opts);
    expect(result.mode).toBe(mode);
    expect(result.diagnosis.diagnosedAt).toBe(opts.now.toISOString());
  });
});

it("namespaces in stale facts come from the pod", () => {
  const result = diagnoseWithRules(oomWorld([podFixture({ container: healedFromOom(WEEKS) })]), OPTS);
  expect(result.staleEvidence[0]?.object).toBe(`Pod ${NS}/user-service-7d9f8b6c5-x2x9k`);
});
