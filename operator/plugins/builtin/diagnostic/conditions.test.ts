import { describe, expect, it } from "vitest";
import { conditionDigest, conditionOf, type AnyCondition } from "./conditions.js";

describe("conditionDigest", () => {
  it.each<[AnyCondition[] | undefined, string]>([
    [undefined, "no conditions"],
    [[], "no conditions"],
    [[{ type: "Ready", status: "True" }], "Ready=True"],
    [
      [
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
      ],
      "Available=False (MinimumReplicasUnavailable), Progressing=True (NewReplicaSetAvailable)",
    ],
  ])("%j", (conditions, line) => {
    expect(conditionDigest(conditions)).toBe(line);
  });

  it("finds a condition by type", () => {
    const conditions = [{ type: "A", status: "True" }, { type: "B", status: "False" }];
    expect(conditionOf(conditions, "B")?.status).toBe("False");
    expect(conditionOf(conditions, "C")).toBeUndefined();
  });
});
