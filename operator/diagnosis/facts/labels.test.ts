import type { V1LabelSelector } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { mapSelectorString, matchesSelector, selectorString } from "./labels.js";

describe("selectorString", () => {
  it.each<[V1LabelSelector | undefined, string]>([
    [{ matchLabels: { app: "web" } }, "app=web"],
    [{ matchLabels: { app: "web", tier: "fe" } }, "app=web,tier=fe"],
    [{ matchExpressions: [{ key: "env", operator: "In", values: ["prod", "stage"] }] }, "env in (prod,stage)"],
    [{ matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, "env notin (dev)"],
    [{ matchExpressions: [{ key: "canary", operator: "Exists" }] }, "canary"],
    [{ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, "!canary"],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, "app=web,!canary"],
    [undefined, ""],
  ])("%j -> %s", (selector, expected) => {
    expect(selectorString(selector)).toBe(expected);
  });

  it("writes a Service selector the same way", () => {
    expect(mapSelectorString({ app: "checkout" })).toBe("app=checkout");
    expect(mapSelectorString(undefined)).toBe("");
  });
});

describe("matchesSelector", () => {
  const labels = { app: "web", env: "prod" };
  it.each<[V1LabelSelector | undefined, boolean]>([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "api" } }, false],
    [{ matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] }, true],
    [{ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, false],
    [{ matchExpressions: [{ key: "canary", operator: "Exists" }] }, false],
    [{ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, true],
    [{}, true],
    [undefined, true],
  ])("%j -> %s", (selector, expected) => {
    expect(matchesSelector(labels, selector)).toBe(expected);
  });
});
