import { describe, expect, it } from "vitest";
import { ReplayBuffer, type BufferedEvent } from "./replay-buffer.js";

const ev = (seq: number, at = 0): BufferedEvent => ({ seq, id: `e-${seq}`, chunk: `c${seq}`, at, endOffset: seq * 10 });

function filled(capacity: number, count: number): ReplayBuffer {
  const b = new ReplayBuffer(capacity);
  for (let s = 1; s <= count; s++) b.push(ev(s, s * 100));
  return b;
}

describe("ReplayBuffer", () => {
  it.each([
    ["empty", 3, 0, { oldest: 1, newest: 0, size: 0 }],
    ["partly full", 3, 2, { oldest: 1, newest: 2, size: 2 }],
    ["wrapped twice", 3, 8, { oldest: 6, newest: 8, size: 3 }],
  ])("%s: bounds", (_what, capacity, count, expected) => {
    const b = filled(capacity, count);
    expect({ oldest: b.oldestSeq, newest: b.newestSeq, size: b.size }).toEqual(expected);
  });

  it("returns kept events by sequence and nothing for evicted or future ones", () => {
    const b = filled(3, 8);
    expect([5, 6, 7, 8, 9].map((s) => b.get(s)?.id)).toEqual([undefined, "e-6", "e-7", "e-8", undefined]);
  });

  it.each([
    [4, false],
    [5, true],
    [6, true],
    [8, true],
    [9, false],
  ])("after wrapping, canResumeAfter(%i) = %s", (seq, expected) => {
    expect(filled(3, 8).canResumeAfter(seq)).toBe(expected);
  });

  it("drops events older than a cutoff and keeps counting", () => {
    const b = filled(10, 5);
    b.dropOlderThan(350);
    expect([b.oldestSeq, b.size]).toEqual([4, 2]);
    b.dropOlderThan(10_000);
    expect([b.oldestSeq, b.newestSeq, b.size, b.canResumeAfter(5), b.canResumeAfter(4)]).toEqual([6, 5, 0, true, false]);
    b.push(ev(6));
    expect(b.get(6)?.id).toBe("e-6");
  });

  it("rejects a sequence that does not follow the newest", () => {
    const b = filled(3, 2);
    expect(() => b.push(ev(4))).toThrow(RangeError);
  });
});
