import { describe, expect, it } from "vitest";
import { NS, deploymentTarget, evidenceFixture, states } from "../test-fixtures.js";
import { eventFixture, nodeFixture } from "../test-objects.js";
import { podFixture } from "../test-pods.js";
import { oomScenario } from "../test-scenarios.js";
import { detectOomKilled } from "./oom-killed.js";

describe("detectOomKilled proposes a bigger memory limit", () => {
  it.each<[string, string | undefined]>([
    ["128Mi", "256Mi"],
    ["512Mi", "1Gi"],
    ["3Gi", "4Gi"],
    ["4Gi", undefined],
    ["6Gi", undefined],
  ])("limit %s -> %s", (limit, raised) => {
    const match = detectOomKilled(oomScenario(limit));
    expect(match?.mode).toBe("oom_killed");
    expect(match?.confidence).toBe(0.95);
    if (raised === undefined) {
      expect(match?.proposal).toBeUndefined();
      expect(match?.suggestedActions[0]).toContain(limit);
      return;
    }
    expect(match?.proposal?.riskLevel).toBe("medium");
    expect(match?.proposal?.steps).toEqual([
      {
        plugin: "set_container_resources",
        parameters: { namespace: NS, deployment_name: "user-service", container: "app", memory_limit: raised },
        description: expect.stringContaining(raised) as string,
      },
    ]);
    expect(match?.proposal?.rollbackPlan).toContain(limit);
  });
});

describe("detectOomKilled confidence", () => {
  const noLimit = (): ReturnType<typeof oomScenario> => {
    const e = oomScenario();
    return evidenceFixture(e.target, { pods: [podFixture({ container: states.oomKilled() })] });
  };
  const fromEvents = (): ReturnType<typeof oomScenario> =>
    evidenceFixture(deploymentTarget(), {
      pods: [podFixture({ container: { ...states.running(), restartCount: 2 } })],
      nodes: [nodeFixture()],
      events: [
        eventFixture({
          reason: "OOMKilling",
          kind: "Node",
          name: "kwok-node-1",
          message: "Memory cgroup out of memory: Killed process 4242 (java) total-vm:2097152kB, anon-rss:131072kB",
        }),
      ],
    });
  const otherContainer = (): ReturnType<typeof oomScenario> => ({
    ...oomScenario(),
    target: { ...deploymentTarget(), container: "sidecar" },
  });

  it.each<[string, () => ReturnType<typeof oomScenario>, number, boolean]>([
    ["lastState OOMKilled in the incident's container", () => oomScenario(), 0.95, true],
    ["OOMKilled in another container than the alert named", otherContainer, 0.85, true],
    ["no memory limit: nothing to raise", noLimit, 0.95, false],
    ["inferred from events only", fromEvents, 0.7, false],
  ])("%s", (_name, build, confidence, proposes) => {
    const match = detectOomKilled(build());
    expect(match?.confidence).toBe(confidence);
    expect(match?.proposal !== undefined).toBe(proposes);
  });

  it("says nothing about healthy pods", () => {
    expect(detectOomKilled(evidenceFixture(deploymentTarget(), { pods: [podFixture()] }))).toBeUndefined();
  });

  it("writes the evidence line the REST reference shows", () => {
    const evidence = detectOomKilled(oomScenario())?.findings.flatMap((f) => f.evidence ?? []);
    expect(evidence).toContain(
      "pod user-service-7d9f8b6c5-x2x9k container app: lastState.terminated.reason=OOMKilled exitCode=137 restartCount=7 state.waiting.reason=CrashLoopBackOff",
    );
  });
});
