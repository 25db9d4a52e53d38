import { describe, expect, it } from "vitest";
import { claimDurationMs, claimLeaseName, decideClaim, MAX_CLAIM_POLL_MS, type ClaimView } from "./execution-claim-decision.js";

const now = new Date("2026-01-15T12:00:00Z");
const secondsAgo = (s: number): Date => new Date(now.getTime() - s * 1000);
const held = (holder: string, renewedAt: Date | undefined, durationMs = 90_000): ClaimView => ({ holder, renewedAt, durationMs, resourceVersion: "7" });

describe("decideClaim", () => {
  it.each<[string, ClaimView | undefined, ReturnType<typeof decideClaim>]>([
    ["nobody holds it: create", undefined, { kind: "create" }],
    ["we hold it: renew", held("inc-a", secondsAgo(10)), { kind: "renew", resourceVersion: "7" }],
    ["another incident holds it, 80 s left: wait, polling at most every 5 s", held("inc-b", secondsAgo(10)), { kind: "wait", holder: "inc-b", retryAfterMs: MAX_CLAIM_POLL_MS }],
    ["another holds it, 1 s left: look again when it lapses", held("inc-b", secondsAgo(89)), { kind: "wait", holder: "inc-b", retryAfterMs: 1_000 }],
    ["a crashed holder's claim lapsed: take it over", held("inc-b", secondsAgo(91)), { kind: "take_over", resourceVersion: "7", from: "inc-b" }],
    ["exactly at expiry it has lapsed", held("inc-b", secondsAgo(90)), { kind: "take_over", resourceVersion: "7", from: "inc-b" }],
    ["a claim without a renew time counts as lapsed", held("inc-b", undefined), { kind: "take_over", resourceVersion: "7", from: "inc-b" }],
    ["a claim without a holder counts as lapsed", held("", secondsAgo(1)), { kind: "take_over", resourceVersion: "7", from: "" }],
  ])("%s", (_name, current, expected) => {
    expect(decideClaim(current, "inc-a", now)).toEqual(expected);
  });

  it("never asks to look again sooner than 250 ms", () => {
    expect(decideClaim(held("inc-b", new Date(now.getTime() - 89_990)), "inc-a", now)).toMatchObject({ retryAfterMs: 250 });
  });
});

describe("claim names and durations", () => {
  it("names one Lease per object key, a valid DNS name", () => {
    const a = claimLeaseName("Deployment/shop/api");
    expect(a).toMatch(/^kubefix-exec-[0-9a-f]{32}$/);
    expect(claimLeaseName("Deployment/shop/api")).toBe(a);
    expect(claimLeaseName("Deployment/shop/web")).not.toBe(a);
  });

  it("lasts longer than the step's timeout", () => {
    expect(claimDurationMs(30)).toBeGreaterThan(30_000);
  });
});
