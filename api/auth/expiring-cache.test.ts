import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "../../lib/controller/clock.js";
import { ExpiringCache } from "./expiring-cache.js";

const cacheOf = (ttl: number, maxEntries = 10) => {
  const clock = new FakeClock();
  return { clock, cache: new ExpiringCache<string>({ clock, maxEntries, ttlOf: () => ttl }) };
};

describe("ExpiringCache", () => {
  it.each<[string, number, number]>([
    ["a positive TTL keeps the value", 100, 1],
    ["a zero TTL keeps nothing", 0, 2],
    ["a negative TTL keeps nothing", -5, 2],
    ["a NaN TTL keeps nothing", Number.NaN, 2],
  ])("%s", async (_name, ttl, loads) => {
    const { cache } = cacheOf(ttl);
    const load = vi.fn(() => Promise.resolve("v"));
    await cache.get("k", load);
    await cache.get("k", load);
    expect(load).toHaveBeenCalledTimes(loads);
  });

  it("sweeps an expired entry when it is read", async () => {
    const { cache, clock } = cacheOf(100);
    await cache.get("k", () => Promise.resolve("old"));
    clock.advance(100);
    await expect(cache.get("k", () => Promise.resolve("new"))).resolves.toBe("new");
    expect(cache.size).toBe(1);
  });

  it("counts a rewritten key as the newest when evicting", async () => {
    const { cache, clock } = cacheOf(100, 2);
    await cache.get("a", () => Promise.resolve("a1"));
    await cache.get("b", () => Promise.resolve("b1"));
    clock.advance(100);
    await cache.get("a", () => Promise.resolve("a2"));
    await cache.get("c", () => Promise.resolve("c1"));
    expect(cache.size).toBe(2);
    await expect(cache.get("a", () => Promise.resolve("miss"))).resolves.toBe("a2");
    await expect(cache.get("b", () => Promise.resolve("miss"))).resolves.toBe("miss");
  });

  it("forgets a failed load, in flight and stored", async () => {
    const { cache } = cacheOf(100);
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cache.pending).toBe(0);
    expect(cache.size).toBe(0);
  });

  it.each([0, -1, Number.NaN])("rejects maxEntries %s", (maxEntries) => {
    expect(() => cacheOf(1, maxEntries)).toThrow(RangeError);
  });
});

describe("ExpiringCache.peek and set", () => {
  it.each<[string, number, string | undefined]>([
    ["a fresh value", 99, "v"],
    ["an expired one", 100, undefined],
  ])("peek gives %s without loading", (_name, elapsed, expected) => {
    const { cache, clock } = cacheOf(100);
    cache.set("k", "v");
    clock.advance(elapsed);
    expect(cache.peek("k")).toBe(expected);
  });

  it("set stores as a load would: get answers it without loading, and the bound holds", async () => {
    const { cache } = cacheOf(100, 2);
    for (const k of ["a", "b", "c"]) cache.set(k, k);
    const load = vi.fn(() => Promise.resolve("loaded"));
    await expect(cache.get("c", load)).resolves.toBe("c");
    expect(load).not.toHaveBeenCalled();
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
