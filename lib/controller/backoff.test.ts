import { describe, expect, it, vi } from "vitest";
import { defaultQueueBackoff, exponentialBackoff, type BackoffOptions } from "./backoff.js";

describe("exponentialBackoff", () => {
  it.each<[number, number]>([
    [0, 500],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [9, 256_000],
    [10, 300_000],
    [11, 300_000],
    [5_000, 300_000],
    [-3, 500],
    [2.7, 2_000],
  ])("with the queue defaults, %s failures give %s ms", (failures, expected) => {
    expect(exponentialBackoff(failures, defaultQueueBackoff)).toBe(expected);
  });

  it.each<[string, BackoffOptions, number, number]>([
    ["factor 3", { baseMs: 100, maxMs: 10_000, factor: 3 }, 2, 900],
    ["factor 1 stays at base", { baseMs: 100, maxMs: 10_000, factor: 1 }, 50, 100],
    ["cap below the next step", { baseMs: 100, maxMs: 250 }, 2, 250],
    ["base 0 with an overflowing power", { baseMs: 0, maxMs: 1_000 }, 5_000, 0],
    ["jitter 0.5 at random 0.5", { baseMs: 1_000, maxMs: 60_000, jitter: 0.5, random: () => 0.5 }, 0, 750],
    ["jitter 0.2 at random 0", { baseMs: 1_000, maxMs: 60_000, jitter: 0.2, random: () => 0 }, 1, 2_000],
    ["jitter 1 at random 0.9", { baseMs: 1_000, maxMs: 60_000, jitter: 1, random: () => 0.9 }, 0, 100],
    ["jitter shortens the cap", { baseMs: 1_000, maxMs: 4_000, jitter: 0.5, random: () => 0.5 }, 10, 3_000],
  ])("%s", (_name, opts, failures, expected) => {
    expect(exponentialBackoff(failures, opts)).toBe(expected);
  });

  it("draws randomness only when jitter is on", () => {
    const random = vi.fn(() => 0.5);
    exponentialBackoff(1, { baseMs: 10, maxMs: 100, random });
    expect(random).not.toHaveBeenCalled();
    exponentialBackoff(1, { baseMs: 10, maxMs: 100, jitter: 0.1, random });
    expect(random).toHaveBeenCalledTimes(1);
  });

  it.each<[string, BackoffOptions, RegExp]>([
    ["negative base", { baseMs: -1, maxMs: 10 }, /baseMs/],
    ["NaN base", { baseMs: Number.NaN, maxMs: 10 }, /baseMs/],
    ["max below base", { baseMs: 10, maxMs: 5 }, /maxMs/],
    ["factor below 1", { baseMs: 10, maxMs: 100, factor: 0.5 }, /factor/],
    ["jitter above 1", { baseMs: 10, maxMs: 100, jitter: 1.5 }, /jitter/],
    ["negative jitter", { baseMs: 10, maxMs: 100, jitter: -0.1 }, /jitter/],
  ])("rejects %s", (_name, opts, message) => {
    expect(() => exponentialBackoff(0, opts)).toThrow(RangeError);
    expect(() => exponentialBackoff(0, opts)).toThrow(message);
  });
});
