import { describe, expect, it } from "vitest";
import { diffMergePatch } from "./merge-patch.js";

describe("diffMergePatch", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["equal documents give no patch", { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, undefined],
    ["a changed scalar", { phase: "new" }, { phase: "diagnosing" }, { phase: "diagnosing" }],
    ["an added key", { a: 1 }, { a: 1, b: 2 }, { b: 2 }],
    ["a removed key becomes null", { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ["a key set to undefined is removed", { a: 1, b: 2 }, { a: 1, b: undefined }, { b: null }],
    ["nested objects are diffed", { d: { x: 1, y: 2 } }, { d: { x: 1, y: 3 } }, { d: { y: 3 } }],
    ["arrays are replaced whole", { t: [1, 2] }, { t: [1, 2, 3] }, { t: [1, 2, 3] }],
    ["from nothing to an object", undefined, { a: 1 }, { a: 1 }],
    ["an object replaced by a scalar", { a: { b: 1 } }, { a: 5 }, { a: 5 }],
  ])("%s", (_name, from, to, patch) => {
    expect(diffMergePatch(from, to)).toEqual(patch);
  });
});
