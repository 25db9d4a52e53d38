import { describe, expect, it } from "vitest";
import { acceptedWrites, unknownWrites, WriteLedger, type WriteRecord } from "./write-ledger.js";

const P = "PATCH /apis/apps/v1/namespaces/shop/deployments/web";
const D = "DELETE /api/v1/namespaces/shop/pods/web-1";

describe("unknownWrites and acceptedWrites", () => {
  it.each<[string, WriteRecord[], string[], string[]]>([
    ["nothing written", [], [], []],
    ["answered 200", [{ key: P, status: 200 }], [], [P]],
    ["answered 201 and 202", [{ key: P, status: 201 }, { key: D, status: 202 }], [], [P, D]],
    ["never answered (timeout, lost connection)", [{ key: P }], [P], []],
    ["a 500: the outcome is unknown by the API conventions", [{ key: P, status: 500 }], [P], []],
    ["a 504: the request might have been completed", [{ key: P, status: 504 }], [P], []],
    ["a 502 from a proxy in between", [{ key: P, status: 502 }], [P], []],
    ["a 409 conflict: known, nothing written", [{ key: P, status: 409 }], [], []],
    ["a 422 rejection: known", [{ key: P, status: 422 }], [], []],
    ["a 503: known, not handled", [{ key: P, status: 503 }], [], []],
    ["one answered, one not", [{ key: P, status: 200 }, { key: D }], [D], [P]],
  ])("%s", (_what, records, unknown, accepted) => {
    expect(unknownWrites(records)).toEqual(unknown);
    expect([...acceptedWrites(records)]).toEqual(accepted);
  });
});

describe("WriteLedger", () => {
  it("keeps each prepared write until its answer is noted, and hands out copies", () => {
    const ledger = new WriteLedger();
    const first = ledger.prepared(P);
    ledger.prepared(D);
    first.status = 200;
    const snapshot = ledger.snapshot();
    expect(snapshot).toEqual([{ key: P, status: 200 }, { key: D }]);
    snapshot[1]!.status = 200;
    expect(unknownWrites(ledger.snapshot())).toEqual([D]);
  });
});
