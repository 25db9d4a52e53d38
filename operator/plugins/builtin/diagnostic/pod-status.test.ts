import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { describePodLine, podStatus, summarizePods } from "./pod-status.js";

function pod(phase: string, containers: Partial<V1ContainerStatus>[] = [], ready = true): V1Pod {
  return {
    metadata: { name: "p" },
    status: {
      phase,
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: containers.map((c) => ({ name: "app", image: "a", imageID: "", ready, restartCount: 0, ...c })),
    },
  };
}

const running = (): V1Pod => pod("Running", [{ state: { running: {} } }]);
const crashing = (restarts: number): V1Pod =>
  pod("Running", [{ restartCount: restarts, state: { waiting: { reason: "CrashLoopBackOff" } } }], false);

describe("podStatus", () => {
  it.each<[string, V1Pod, string]>([
    ["a running pod", running(), "Running"],
    ["a crash-looping pod", crashing(3), "CrashLoopBackOff"],
    ["a pending pod without containers", pod("Pending"), "Pending"],
    ["an evicted pod", { status: { phase: "Failed", reason: "Evicted" } }, "Evicted"],
    ["a terminated container without reason", pod("Running", [{ state: { terminated: { exitCode: 2 } } }]), "ExitCode:2"],
    ["a deleted pod", { metadata: { deletionTimestamp: new Date() }, status: { phase: "Running" } }, "Terminating"],
    [
      "a pod stuck in an init container",
      {
        status: {
          phase: "Pending",
          initContainerStatuses: [
            { name: "i", image: "", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } },
          ],
        },
      },
      "Init:ImagePullBackOff",
    ],
    ["a pod without status", {}, "Unknown"],
  ])("%s", (_name, p, status) => {
    expect(podStatus(p)).toBe(status);
  });
});

describe("summarizePods", () => {
  it.each<[string, V1Pod[], string]>([
    ["no pods", [], "0 pods"],
    ["one pod", [running()], "1 pod: 1 Running"],
    ["mixed pods", [running(), running(), crashing(4), crashing(3)], "4 pods: 2 CrashLoopBackOff (restarts 7), 2 Running"],
    ["the largest group first", [crashing(7), running(), running()], "3 pods: 2 Running, 1 CrashLoopBackOff (restarts 7)"],
    ["running but not ready", [pod("Running", [{ state: { running: {} } }], false)], "1 pod: 1 Running, 1 running but not ready"],
  ])("%s", (_name, pods, summary) => {
    expect(summarizePods(pods)).toBe(summary);
  });
});

describe("describePodLine", () => {
  it.each<[string, V1Pod, string]>([
    ["a healthy scheduled pod", { ...running(), spec: { nodeName: "n1", containers: [] } }, "p Running on node n1"],
    ["an unscheduled pod", pod("Pending"), "p Pending (not scheduled)"],
    [
      "an OOM-killed pod",
      {
        ...pod("Running", [
          { restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } } },
        ], false),
        spec: { nodeName: "n1", containers: [] },
      },
      "p CrashLoopBackOff (restarts 4, last terminated OOMKilled (exit 137) in app) on node n1",
    ],
    [
      "a running pod that is not ready",
      { ...pod("Running", [{ state: { running: {} } }], false), spec: { nodeName: "n2", containers: [] } },
      "p Running (not ready) on node n2",
    ],
  ])("%s", (_name, p, line) => {
    expect(describePodLine(p)).toBe(line);
  });
});
