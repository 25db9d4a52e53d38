import { describe, expect, it } from "vitest";
import type { AccessMode } from "./kube-access/request-guard.js";
import type { WriteRecord } from "./kube-access/write-ledger.js";
import { judgeOutcome } from "./plugin-pass.js";
import type { PluginResult } from "./types.js";

const P = "PATCH /apis/apps/v1/namespaces/shop/deployments/web";
const ok: PluginResult = { ok: true, summary: "raised the limit", changed: ["Deployment/shop/web"] };
const timedOut: PluginResult = { ok: false, summary: "set_container_resources timed out after 5s", error: "timed out after 5s" };

describe("judgeOutcome", () => {
  it.each<[string, AccessMode, PluginResult, WriteRecord[], boolean, "unknown" | undefined]>([
    ["an answered write: as the plugin says", "write", ok, [{ key: P, status: 200 }], true, undefined],
    ["a timeout before any write: failed, known", "write", timedOut, [], false, undefined],
    ["a timeout with the write unanswered: unknown", "write", timedOut, [{ key: P }], false, "unknown"],
    ["a 504 answer: unknown even if the plugin reports success", "write", ok, [{ key: P, status: 504 }], false, "unknown"],
    ["a write left running when the plugin returned: unknown", "write", ok, [{ key: P }], false, "unknown"],
    ["a rejected write: failed, known", "write", { ok: false, summary: "conflict" }, [{ key: P, status: 409 }], false, undefined],
    ["a dry run never has an unknown outcome", "dry-run", timedOut, [{ key: P }], false, undefined],
  ])("%s", (_what, mode, result, writes, okAfter, outcome) => {
    const judged = judgeOutcome(mode, result, writes);
    expect(judged.ok).toBe(okAfter);
    expect(judged.outcome).toBe(outcome);
    if (outcome) expect(judged.error).toContain(`the outcome of ${P} is unknown`);
  });
});
