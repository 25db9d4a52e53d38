import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import { DEFAULT_VERIFY_RESYNC_MS, nextVerifyCheckMs } from "./schedule.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const at = (secondsFromNow: number): string => new Date(NOW.getTime() + secondsFromNow * 1000).toISOString();
const windows = { windowSeconds: 180, stableSeconds: 20 };

describe("nextVerifyCheckMs", () => {
  it.each<[string, IncidentStatus["verification"], number]>([
    ["just started, unhealthy: the slow fallback", { startedAt: at(0), healthy: false }, DEFAULT_VERIFY_RESYNC_MS],
    ["healthy for 5 s: exactly when the stable window ends", { startedAt: at(-30), healthy: true, healthySince: at(-5) }, 15_000],
    ["the window ends in 4 s: exactly then", { startedAt: at(-176), healthy: false }, 4_000],
    ["the window ends before the stable window", { startedAt: at(-178), healthy: true, healthySince: at(-1) }, 2_000],
    ["a deadline already past: due now", { startedAt: at(-500), healthy: false }, 1],
    ["healthySince left from a healthy check, now unhealthy: not the stable end", { startedAt: at(-30), healthy: false, healthySince: at(-19) }, DEFAULT_VERIFY_RESYNC_MS],
    ["no verification record: the fallback", undefined, DEFAULT_VERIFY_RESYNC_MS],
  ])("%s", (_name, verification, expected) => {
    expect(nextVerifyCheckMs(verification, windows, NOW)).toBe(expected);
  });

  it("takes the fallback it is given", () => {
    expect(nextVerifyCheckMs({ startedAt: at(0) }, windows, NOW, 600_000)).toBe(180_000);
  });
});
