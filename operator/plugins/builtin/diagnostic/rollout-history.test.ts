import type { V1ReplicaSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { revisionsOf } from "./rollout-history.js";

function rs(revision: number, image: string, cause?: string): V1ReplicaSet {
  return {
    metadata: {
      name: `web-${revision}`,
      creationTimestamp: new Date(Date.UTC(2026, 0, revision)),
      annotations: { "deployment.kubernetes.io/revision": String(revision), ...(cause ? { "kubernetes.io/change-cause": cause } : {}) },
    },
    spec: { selector: {}, template: { spec: { containers: [{ name: "app", image }] } } },
    status: { replicas: revision === 3 ? 2 : 0, readyReplicas: revision === 3 ? 1 : 0 },
  };
}

describe("revisionsOf", () => {
  it("describes each revision against the one before it", () => {
    const revisions = revisionsOf([rs(3, "app:3", "hotfix"), rs(2, "app:2"), rs(1, "app:2")], 3);
    expect(revisions.map((r) => [r.revision, r.current, r.changes])).toEqual([
      [3, true, ["app image app:2 → app:3"]],
      [2, false, []],
      [1, false, []],
    ]);
    expect(revisions[0]).toMatchObject({
      replicaSet: "web-3",
      changeCause: "hotfix",
      createdAt: "2026-01-03T00:00:00.000Z",
      replicas: 2,
      readyReplicas: 1,
      containers: { app: { image: "app:3", requests: {}, limits: {} } },
    });
    expect(revisions[1]?.changeCause).toBeUndefined();
  });

  it("is empty without replica sets", () => {
    expect(revisionsOf([], 1)).toEqual([]);
  });
});
