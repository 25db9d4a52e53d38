import { describe, expect, it } from "vitest";
import { deploymentTarget, evidenceFixture, states } from "../test-fixtures.js";
import { eventFixture } from "../test-objects.js";
import { podFixture } from "../test-pods.js";
import { afterRolloutScenario, crashLoopScenario } from "../test-scenarios.js";
import { detectCrashLoop } from "./crash-loop.js";
import { exitMeaning } from "./exit-codes.js";

describe("exitMeaning", () => {
  it.each<[number, "zh" | "en", string]>([
    [1, "en", "application error"],
    [1, "zh", "应用错误"],
    [0, "en", "the process exited normally, but the restart policy expects it to keep running"],
    [127, "en", "command not found"],
    [137, "en", "SIGKILL, killed (not OOM: liveness probe, eviction or an external kill)"],
    [139, "en", "SIGSEGV, segmentation fault"],
    [143, "en", "SIGTERM, asked to terminate"],
    [130, "en", "signal 2"],
    [3, "en", "the application exited with a non-zero code"],
  ])("%d in %s", (code, locale, meaning) => {
    expect(exitMeaning(code, locale)).toBe(meaning);
  });
});

describe("detectCrashLoop", () => {
  const restartingOnly = (): ReturnType<typeof crashLoopScenario> =>
    evidenceFixture(deploymentTarget(), {
      pods: [podFixture({ container: { ...states.running(), restartCount: 4, lastState: { terminated: { exitCode: 2, reason: "Error" } } } })],
    });
  const eventsOnly = (): ReturnType<typeof crashLoopScenario> =>
    evidenceFixture(deploymentTarget(), {
      events: [eventFixture({ reason: "BackOff", message: "Back-off restarting failed container app in pod user-service-7d9f8b6c5-zz9zz", name: "user-service-7d9f8b6c5-zz9zz" })],
    });

  it.each<[string, () => ReturnType<typeof crashLoopScenario>, number, string, string | undefined]>([
    ["CrashLoopBackOff exit 1, no rollout", () => crashLoopScenario(1), 0.85, "CrashLoopBackOff（exitCode 1：应用错误）", undefined],
    ["segfault", () => crashLoopScenario(139), 0.85, "CrashLoopBackOff（exitCode 139：SIGSEGV，段错误）", undefined],
    ["SIGTERM", () => crashLoopScenario(143), 0.85, "CrashLoopBackOff（exitCode 143：SIGTERM，进程被要求终止）", undefined],
    ["right after an image change", () => afterRolloutScenario(states.crashLoop(1)), 0.9, "CrashLoopBackOff（exitCode 1：应用错误）", "rollback_deployment"],
    ["repeated non-zero exits without back-off yet", restartingOnly, 0.65, "CrashLoopBackOff（exitCode 2：参数错误或 shell 用法错误）", undefined],
    ["BackOff events only", eventsOnly, 0.6, "CrashLoopBackOff", undefined],
  ])("%s", (_name, build, confidence, conclusion, tool) => {
    const match = detectCrashLoop(build());
    expect(match?.confidence).toBe(confidence);
    expect(match?.conclusion).toBe(conclusion);
    expect(match?.proposal?.steps[0]?.plugin).toBe(tool);
  });

  it("leaves OOM kills to the OOM rule", () => {
    const pod = podFixture({ container: states.oomKilled() });
    const e = evidenceFixture(deploymentTarget(), {
      pods: [pod],
      events: [eventFixture({ reason: "BackOff", message: "Back-off restarting failed container app", name: pod.metadata?.name ?? "" })],
    });
    expect(detectCrashLoop(e)).toBeUndefined();
  });

  it("does not blame a rollout whose old pods crash too", () => {
    const e = afterRolloutScenario(states.crashLoop(1));
    const oldCrashing = podFixture({ revision: 1, suffix: "xld4k", container: states.crashLoop(1) });
    expect(detectCrashLoop({ ...e, pods: [...e.pods, oldCrashing] })?.proposal).toBeUndefined();
  });
});
