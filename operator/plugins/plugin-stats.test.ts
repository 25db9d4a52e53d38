import { describe, expect, it } from "vitest";
import { recordExecution, type Execution } from "./plugin-stats.js";

const at = new Date("2026-01-15T10:30:00.123Z");
const ok = (durationSeconds: number): Execution => ({ ok: true, durationSeconds, at });
const failed = (durationSeconds: number, error = "boom"): Execution => ({ ok: false, durationSeconds, at, error });

describe("recordExecution", () => {
  it.each<[string, Execution[], Record<string, unknown>]>([
    ["a first success", [ok(2)], { usageCount: 1, successCount: 1, failureCount: 0, avgDurationSeconds: 2, successRate: 1 }],
    ["a first failure", [failed(1)], { usageCount: 1, successCount: 0, failureCount: 1, successRate: 0, lastError: "boom" }],
    ["mean of several", [ok(1), ok(2), ok(6)], { usageCount: 3, avgDurationSeconds: 3, successRate: 1 }],
    ["success rate rounds to 4 digits", [ok(1), ok(1), failed(1)], { successRate: 0.6667, failureCount: 1 }],
  ])("%s", (_name, runs, expected) => {
    const status = runs.reduce((s, run) => recordExecution(s, run), undefined as ReturnType<typeof recordExecution> | undefined);
    expect(status).toMatchObject(expected);
  });

  it("a success clears the last error", () => {
    const status = recordExecution(recordExecution(undefined, failed(1)), ok(1));
    expect(status.successRate).toBe(0.5);
    expect("lastError" in status).toBe(false);
  });

  it("writes lastUsedAt as an RFC 3339 time without milliseconds", () => {
    expect(recordExecution(undefined, ok(1)).lastUsedAt).toBe("2026-01-15T10:30:00Z");
  });

  it("keeps conditions and observedGeneration it does not own", () => {
    const status = recordExecution({ observedGeneration: 3, conditions: [] }, ok(1));
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions).toEqual([]);
  });
});
