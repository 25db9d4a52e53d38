import { describe, expect, it } from "vitest";
import { formatEventId, newEpoch, parseEventId } from "./event-id.js";

describe("event ids", () => {
  it.each([
    ["lrx3k2a9f3c1b2-42", { epoch: "lrx3k2a9f3c1b2", seq: 42 }],
    ["abc-0", { epoch: "abc", seq: 0 }],
    [" abc-7 ", { epoch: "abc", seq: 7 }],
    ["abc", undefined],
    ["abc-", undefined],
    ["-5", undefined],
    ["abc--5", undefined],
    ["ABC-5", undefined],
    ["abc-1.5", undefined],
    ["abc-1234567890123456", undefined],
  ])("parseEventId(%j)", (id, expected) => {
    expect(parseEventId(id)).toEqual(expected);
  });

  it("round-trips what it formats", () => {
    const epoch = newEpoch(1_705_314_600_000);
    expect(parseEventId(formatEventId(epoch, 17))).toEqual({ epoch, seq: 17 });
  });

  it("gives two hubs started in the same millisecond different epochs", () => {
    expect(newEpoch(1000)).not.toBe(newEpoch(1000));
  });
});
