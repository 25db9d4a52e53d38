import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { PluginResult } from "../../plugins/types.js";
import { absorbResult } from "../evidence-merge.js";
import type { Evidence } from "../evidence.js";
import { diagnoseWithRules } from "../rule-engine.js";
import { deploymentTarget, evidenceFixture, NS, T0 } from "../test-fixtures.js";
import { pendingPodFixture } from "../test-pods.js";

/** Kubernetes 1.37's wording: taints are checked before the nodeSelector, and the taint is no longer named. */
const message = (tainted: number, unselected: number): string =>
  `0/${tainted + unselected} nodes are available: ${tainted} node(s) had untolerated taint(s), ${unselected} node(s) didn't match Pod's node affinity/selector. preemption: 0/${tainted + unselected} nodes are available: ${tainted + unselected} Preemption is not helpful for scheduling.`;

function pendingPod(nodeSelector: Record<string, string>, tainted: number): V1Pod {
  const pod = pendingPodFixture(message(tainted, 2), { suffix: "p5nd8" });
  return { ...pod, spec: { ...pod.spec!, nodeSelector } };
}

/** One row of check_pod_scheduling's `nodes`, as the plugin sends it. */
const fit = (node: string, matchesSelector: boolean, untoleratedTaints: string[] = []): Record<string, unknown> => ({
  node,
  ready: true,
  cordoned: false,
  untoleratedTaints,
  matchesSelector,
  freeCpu: "8",
  freeMemory: "32Gi",
  fitsCpu: true,
  fitsMemory: true,
  fits: matchesSelector && untoleratedTaints.length === 0,
});

/** The evidence after check_pod_scheduling reported on the pod: two plain nodes, then tainted ones. */
function afterSchedulingCheck(pod: V1Pod, tainted: Record<string, unknown>[]): Evidence {
  const name = pod.metadata!.name!;
  const result: PluginResult = {
    ok: true,
    summary: `pod ${NS}/${name} is not scheduled`,
    data: { pod, scheduled: false, nodes: [fit("kwok-node-0", false), fit("kwok-node-1", false), ...tainted] },
  };
  return absorbResult(evidenceFixture(deploymentTarget(), { pods: [pod] }), { tool: "check_pod_scheduling", args: { namespace: NS, pod_name: name } }, result);
}

const GPU_TAINT = ["dedicated=gpu:NoSchedule"];

describe("check_pod_scheduling's per-node checks", () => {
  it("are kept as node checks of the pod, not as Node objects", () => {
    const e = afterSchedulingCheck(pendingPod({ pool: "gpu" }, 1), [fit("pool-1", true, GPU_TAINT)]);
    expect(e.nodes).toEqual([]);
    expect(e.nodeFits.map((f) => [f.pod, f.node, f.matchesSelector])).toEqual([
      ["user-service-7d9f8b6c5-p5nd8", "kwok-node-0", false],
      ["user-service-7d9f8b6c5-p5nd8", "kwok-node-1", false],
      ["user-service-7d9f8b6c5-p5nd8", "pool-1", true],
    ]);
  });
});

describe("unschedulable: taints or nodeSelector", () => {
  it("blames the taint when the only nodes the selector admits are tainted, however few they are", () => {
    const e = afterSchedulingCheck(pendingPod({ pool: "gpu" }, 1), [fit("pool-1", true, GPU_TAINT)]);
    const result = diagnoseWithRules(e, { now: T0, locale: "en" });
    expect(result.mode).toBe("unschedulable_taints");
    expect(result.diagnosis.confidence).toBe(0.9);
    expect(result.diagnosis.keyFindings.flatMap((f) => f.evidence ?? [])).toContain(
      "node pool-1: untoleratedTaints=[dedicated=gpu:NoSchedule] matchesSelector=true",
    );
  });

  it("blames the selector when no node carries its labels, however many nodes are tainted", () => {
    const tainted = ["cp-1", "cp-2", "cp-3"].map((n) => fit(n, false, ["node-role.kubernetes.io/control-plane:NoSchedule"]));
    const result = diagnoseWithRules(afterSchedulingCheck(pendingPod({ disktype: "nvme" }, 3), tainted), { now: T0, locale: "en" });
    expect(result.mode).toBe("unschedulable_selector");
    expect(result.diagnosis.confidence).toBe(0.9);
  });
});
