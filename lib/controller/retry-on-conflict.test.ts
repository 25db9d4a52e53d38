import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { retryOnConflict, type ConflictRetry } from "./retry-on-conflict.js";

const apiError = (code: number): ApiException<unknown> => new ApiException(code, "failed", {}, {});

function recorder(attempts = 4): { opts: ConflictRetry; waits: number[] } {
  const waits: number[] = [];
  const opts: ConflictRetry = {
    attempts,
    backoff: { baseMs: 10, maxMs: 25 },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
  return { opts, waits };
}

/** An attempt that fails with `codes` in turn, then resolves with the attempt number. */
const failing = (codes: number[]) => {
  const seen: number[] = [];
  const attempt = (n: number): Promise<number> => {
    seen.push(n);
    const code = codes[n];
    return code === undefined ? Promise.resolve(n) : Promise.reject(apiError(code));
  };
  return { attempt, seen };
};

describe("retryOnConflict", () => {
  it.each([
    ["succeeds at once", [], 0, []],
    ["retries two conflicts with a capped backoff", [409, 409], 2, [10, 20]],
    ["retries up to the last attempt", [409, 409, 409], 3, [10, 20, 25]],
  ])("%s", async (_name, codes, result, waits) => {
    const r = recorder();
    const f = failing(codes);
    await expect(retryOnConflict(f.attempt, r.opts)).resolves.toBe(result);
    expect(r.waits).toEqual(waits);
    // Every attempt is called with its number, so it knows to re-read.
    expect(f.seen).toEqual(Array.from({ length: result + 1 }, (_, i) => i));
  });

  it.each([[404], [500], [422]])("throws a %s at once, without retrying", async (code) => {
    const r = recorder();
    const f = failing([code]);
    await expect(retryOnConflict(f.attempt, r.opts)).rejects.toMatchObject({ code });
    expect(f.seen).toEqual([0]);
    expect(r.waits).toEqual([]);
  });

  it("throws the last conflict once the attempts are spent", async () => {
    const r = recorder(3);
    const f = failing([409, 409, 409, 409]);
    await expect(retryOnConflict(f.attempt, r.opts)).rejects.toMatchObject({ code: 409 });
    expect(f.seen).toEqual([0, 1, 2]);
  });

  it("re-derives the change from a fresh read on every attempt", async () => {
    // A counter another writer bumps between our read and our write: the write must carry the fresh value + 1.
    let stored = { version: 1, value: 10 };
    const written: number[] = [];
    const r = recorder();
    await retryOnConflict(async (n) => {
      const read = { ...stored };
      if (n === 0) stored = { version: 2, value: 11 };
      if (read.version !== stored.version) throw apiError(409);
      written.push(read.value + 1);
      stored = { version: stored.version + 1, value: read.value + 1 };
    }, r.opts);
    expect(written).toEqual([12]);
    expect(stored.value).toBe(12);
  });
});
