import { describe, expect, it, vi } from "vitest";
import type { BackoffOptions } from "./backoff.js";
import { FakeClock } from "./clock.js";
import { WorkQueue, type ReconcileHandler, type ReconcileResult, type WorkQueueOptions } from "./work-queue.js";

// One macrotask turn: every promise chain not blocked on a test-held gate has settled by then.
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function setup(opts: Partial<WorkQueueOptions> = {}): { clock: FakeClock; queue: WorkQueue } {
  const clock = new FakeClock();
  return { clock, queue: new WorkQueue({ name: "test", clock, ...opts }) };
}

/** A handler that records `key@time` of each call and returns `result`. */
function recorder(clock: FakeClock, result?: ReconcileResult): { seen: string[]; handler: ReconcileHandler } {
  const seen: string[] = [];
  const handler: ReconcileHandler = (key) => {
    seen.push(`${key}@${clock.now()}`);
    return Promise.resolve(result);
  };
  return { seen, handler };
}

// FakeClock has no test file of its own; the queue tests below rely on its ordering.
describe("FakeClock", () => {
  it("fires due timers in time order, including ones scheduled by fired timers within the window", () => {
    const clock = new FakeClock(1_000);
    const log: string[] = [];
    const at = (name: string) => (): void => void log.push(`${name}@${clock.now()}`);
    clock.setTimeout(at("b"), 20);
    clock.setTimeout(() => {
      at("a")();
      clock.setTimeout(at("c"), 5);
      clock.setTimeout(at("d"), 100);
    }, 10);
    clock.setTimeout(at("e"), 20);
    clock.advance(50);
    expect(log).toEqual(["a@1010", "c@1015", "b@1020", "e@1020"]);
    expect(clock.now()).toBe(1_050);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(60);
    expect(log.at(-1)).toBe("d@1110");
  });

  it("does not fire cleared timers and rejects negative steps", () => {
    const clock = new FakeClock();
    const fn = vi.fn();
    clock.clearTimeout(clock.setTimeout(fn, 0));
    clock.advance(10);
    expect(fn).not.toHaveBeenCalled();
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe("WorkQueue", () => {
  it("dedupes waiting keys and hands them out in FIFO order", async () => {
    const { clock, queue } = setup();
    for (const key of ["b", "a", "b", "c", "a"]) queue.add(key);
    expect(queue.len()).toBe(3);
    const { seen, handler } = recorder(clock);
    queue.run(handler, 1);
    await flush();
    expect(seen).toEqual(["b@0", "a@0", "c@0"]);
    expect(queue.len()).toBe(0);
    await queue.shutdown();
  });

  it("processes one key serially under concurrency 4 and re-runs it once after a dirty mark", async () => {
    const { queue } = setup();
    const active = new Map<string, number>();
    const overlaps: string[] = [];
    const starts: string[] = [];
    const gates: Gate[] = [];
    queue.run(async (key) => {
      active.set(key, (active.get(key) ?? 0) + 1);
      if (active.get(key)! > 1) overlaps.push(key);
      starts.push(key);
      const g = gate();
      gates.push(g);
      await g.promise;
      active.set(key, active.get(key)! - 1);
    }, 4);

    queue.add("k");
    await flush();
    for (let i = 0; i < 5; i++) queue.add("k");
    queue.add("other");
    await flush();
    // A free worker took "other", so idle workers existed and still none took "k".
    expect(starts).toEqual(["k", "other"]);
    expect(queue.len()).toBe(0);

    gates[0]!.open();
    await flush();
    expect(starts).toEqual(["k", "other", "k"]);
    queue.add("k");
    await flush();
    expect(starts).toEqual(["k", "other", "k"]);

    gates[1]!.open();
    gates[2]!.open();
    await flush();
    expect(starts).toEqual(["k", "other", "k", "k"]);
    gates[3]!.open();
    await flush();
    expect(starts).toHaveLength(4);
    expect(overlaps).toEqual([]);
    await queue.shutdown();
  });

  it("runs delayed keys in due-time order and does not count them as waiting", async () => {
    const { clock, queue } = setup();
    const { seen, handler } = recorder(clock);
    queue.run(handler, 1);
    queue.addAfter("a", 300);
    queue.addAfter("b", 100);
    queue.addAfter("c", 200);
    expect(queue.len()).toBe(0);
    clock.advance(99);
    await flush();
    expect(seen).toEqual([]);
    for (let i = 0; i < 3; i++) {
      clock.advance(i === 0 ? 1 : 100);
      await flush();
    }
    expect(seen).toEqual(["b@100", "c@200", "a@300"]);
    await queue.shutdown();
  });

  it.each<[string, number, number, number]>([
    ["a sooner second time", 100, 40, 40],
    ["a later second time", 40, 100, 40],
    ["the same time twice", 70, 70, 70],
  ])("addAfter with %s runs the key once, at the earliest time", async (_name, first, second, due) => {
    const { clock, queue } = setup();
    const { seen, handler } = recorder(clock);
    queue.run(handler, 1);
    queue.addAfter("k", first);
    queue.addAfter("k", second);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(due - 1);
    await flush();
    expect(seen).toEqual([]);
    clock.advance(1);
    await flush();
    expect(seen).toEqual([`k@${due}`]);
    clock.advance(1_000);
    await flush();
    expect(seen).toHaveLength(1);
    await queue.shutdown();
  });

  it("lets an immediate add supersede a pending addAfter, and ignores addAfter for a waiting key", async () => {
    const { clock, queue } = setup();
    queue.addAfter("k", 100);
    queue.add("k");
    expect(clock.pendingTimers()).toBe(0);
    queue.addAfter("k", 50);
    expect(clock.pendingTimers()).toBe(0);
    const { seen, handler } = recorder(clock);
    queue.run(handler, 1);
    clock.advance(1_000);
    await flush();
    expect(seen).toEqual(["k@1000"]);
    await queue.shutdown();
  });

  it.each<[string, BackoffOptions | undefined, number[]]>([
    ["the default backoff", undefined, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]],
    ["a custom backoff", { baseMs: 100, maxMs: 250 }, [100, 200, 250, 250]],
  ])("retries a failing key with %s after %j ms", async (_name, backoff, delays) => {
    const { clock, queue } = setup({ backoff });
    const times: number[] = [];
    queue.run(() => {
      times.push(clock.now());
      return Promise.reject(new Error("fail"));
    }, 1);
    queue.add("k");
    await flush();
    for (const [i, delay] of delays.entries()) {
      clock.advance(delay - 1);
      await flush();
      expect(times).toHaveLength(i + 1);
      clock.advance(1);
      await flush();
      expect(times).toHaveLength(i + 2);
      expect(times[i + 1]! - times[i]!).toBe(delay);
    }
    expect(queue.retries("k")).toBe(delays.length + 1);
    await queue.shutdown();
  });

  it("forget resets the failure count and with it the next delay", async () => {
    const { clock, queue } = setup();
    for (let i = 0; i < 3; i++) queue.addRateLimited("x");
    expect(queue.retries("x")).toBe(3);
    queue.forget("x");
    expect(queue.retries("x")).toBe(0);

    const script = ["fail", "fail", "ok", "fail"];
    const times: number[] = [];
    queue.run((key) => {
      if (key !== "k") return Promise.resolve();
      times.push(clock.now());
      return script.shift() === "fail" ? Promise.reject(new Error("fail")) : Promise.resolve();
    }, 1);
    queue.add("k");
    await flush();
    clock.advance(500);
    await flush();
    expect(queue.retries("k")).toBe(2);
    clock.advance(1_000);
    await flush();
    expect(queue.retries("k")).toBe(0);
    queue.add("k");
    await flush();
    expect(queue.retries("k")).toBe(1);
    clock.advance(500);
    await flush();
    expect(times).toEqual([0, 500, 1_500, 1_500, 2_000]);
    await queue.shutdown();
  });

  it.each([0, 2])("with maxRetries %i drops the key after that many retries and calls onDrop", async (maxRetries) => {
    const onDrop = vi.fn();
    const { clock, queue } = setup({ maxRetries, onDrop });
    let calls = 0;
    queue.run(() => Promise.reject(new Error(`boom ${++calls}`)), 1);
    queue.add("k");
    await flush();
    for (let i = 0; i < maxRetries; i++) {
      expect(onDrop).not.toHaveBeenCalled();
      clock.advance(500 * 2 ** i);
      await flush();
    }
    expect(calls).toBe(maxRetries + 1);
    expect(onDrop).toHaveBeenCalledTimes(1);
    expect(onDrop).toHaveBeenCalledWith("k", new Error(`boom ${maxRetries + 1}`));
    expect(queue.retries("k")).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(600_000);
    await flush();
    expect(calls).toBe(maxRetries + 1);
    await queue.shutdown();
  });

  it("schedules the next run from the handler's requeueAfterMs", async () => {
    const { clock, queue } = setup();
    const { seen, handler } = recorder(clock, { requeueAfterMs: 30_000 });
    queue.run(handler, 1);
    queue.add("k");
    await flush();
    clock.advance(29_999);
    await flush();
    expect(seen).toEqual(["k@0"]);
    clock.advance(1);
    await flush();
    clock.advance(30_000);
    await flush();
    expect(seen).toEqual(["k@0", "k@30000", "k@60000"]);
    await queue.shutdown();
  });

  it("re-runs a key re-added during processing at once, and drops that run's requeueAfterMs", async () => {
    const { clock, queue } = setup();
    const gates = [gate(), gate()];
    const times: number[] = [];
    queue.run(async () => {
      times.push(clock.now());
      await gates[times.length - 1]?.promise;
      return { requeueAfterMs: 1_000 };
    }, 1);
    queue.add("k");
    await flush();
    queue.add("k");
    gates[0]!.open();
    await flush();
    expect(times).toEqual([0, 0]);
    // The second run takes 300 ms, so only its own requeue-after (due at 1300) may remain.
    clock.advance(300);
    gates[1]!.open();
    await flush();
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(999);
    await flush();
    expect(times).toEqual([0, 0]);
    clock.advance(1);
    await flush();
    expect(times).toEqual([0, 0, 1_300]);
    await queue.shutdown();
  });

  it("shutdown drops waiting keys, clears timers, refuses new keys and waits for in-flight work", async () => {
    const { clock, queue } = setup();
    const g = gate();
    const seen: string[] = [];
    queue.run(async (key) => {
      seen.push(key);
      await g.promise;
      return { requeueAfterMs: 10 };
    }, 1);
    queue.add("a");
    queue.add("b");
    queue.addAfter("c", 1_000);
    await flush();
    expect(seen).toEqual(["a"]);
    expect(queue.len()).toBe(1);
    expect(clock.pendingTimers()).toBe(1);

    let stopped = false;
    const shutdown = queue.shutdown().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    expect(queue.len()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    queue.add("d");
    queue.addAfter("e", 5);
    queue.addRateLimited("f");
    expect(queue.len()).toBe(0);
    expect(queue.retries("f")).toBe(0);
    expect(clock.pendingTimers()).toBe(0);

    g.open();
    await shutdown;
    expect(stopped).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(10_000);
    await flush();
    expect(seen).toEqual(["a"]);
    expect(() => queue.run(() => Promise.resolve(), 1)).toThrow(/shut down/);
  });

  it("calls the hooks with keys, depths, durations and outcomes", async () => {
    const hooks = { onAdd: vi.fn(), onRetry: vi.fn(), onDepthChange: vi.fn(), onProcessed: vi.fn() };
    const { clock, queue } = setup(hooks);
    const g = gate();
    for (const key of ["a", "b", "a", "c"]) queue.add(key);
    expect(hooks.onAdd.mock.calls).toEqual([["a"], ["b"], ["c"]]);
    expect(hooks.onDepthChange.mock.calls.flat()).toEqual([1, 2, 3]);

    queue.run(async (key) => {
      if (key === "a") await g.promise;
      if (key === "b") throw new Error("b failed");
      return key === "c" ? { requeueAfterMs: 100 } : undefined;
    }, 1);
    await flush();
    clock.advance(1_500);
    g.open();
    await flush();
    expect(hooks.onDepthChange.mock.calls.flat()).toEqual([1, 2, 3, 2, 1, 0]);
    expect(hooks.onProcessed.mock.calls).toEqual([
      ["a", 1.5, "success"],
      ["b", 0, "error"],
      ["c", 0, "requeue"],
    ]);
    expect(hooks.onRetry.mock.calls).toEqual([["b"]]);

    clock.advance(100);
    await flush();
    expect(hooks.onAdd.mock.calls.at(-1)).toEqual(["c"]);
    expect(hooks.onDepthChange.mock.calls.flat().slice(6)).toEqual([1, 0]);
    await queue.shutdown();
  });

  it("keeps working when handlers throw synchronously or reject, and when hooks throw", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const broken = (): never => {
        throw new Error("hook failed");
      };
      const { clock, queue } = setup({ onAdd: broken, onRetry: broken, onDepthChange: broken, onProcessed: broken });
      let calls = 0;
      queue.run((key) => {
        calls++;
        if (key === "sync") throw new Error("sync");
        return Promise.reject(new Error("rejected"));
      }, 2);
      queue.add("sync");
      queue.add("async");
      await flush();
      await flush();
      expect(calls).toBe(2);
      expect([queue.retries("sync"), queue.retries("async")]).toEqual([1, 1]);
      expect(clock.pendingTimers()).toBe(2);
      expect(unhandled).toEqual([]);
      await queue.shutdown();
    } finally {
      process.off("unhandledRejection", listener);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects concurrency %s", (concurrency) => {
    const { queue } = setup();
    expect(() => queue.run(() => Promise.resolve(), concurrency)).toThrow(RangeError);
  });

  it("refuses a second run", async () => {
    const { queue } = setup();
    queue.run(() => Promise.resolve(), 1);
    expect(() => queue.run(() => Promise.resolve(), 1)).toThrow(/already/);
    await queue.shutdown();
  });
});
