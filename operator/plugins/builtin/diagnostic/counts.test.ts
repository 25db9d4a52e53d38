import { describe, expect, it } from "vitest";
import { countsLine, plural } from "./counts.js";

describe("counts", () => {
  it.each<[number, string, string | undefined, string]>([
    [0, "quota", undefined, "0 quotas"],
    [1, "quota", undefined, "1 quota"],
    [2, "replica set", undefined, "2 replica sets"],
    [3, "ConfigMap/Secret", "ConfigMaps/Secrets", "3 ConfigMaps/Secrets"],
  ])("plural(%i, %s)", (count, one, many, text) => {
    expect(plural(count, one, many)).toBe(text);
  });

  it("reads a missing count as 0", () => {
    expect(countsLine([["ready", 2], ["unavailable", undefined]])).toBe("ready 2, unavailable 0");
  });
});
