import type { V1LabelSelector } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isEmptySelector, mapSelectorString, matchesSelector, selectorString } from "./label-selector.js";

describe("selectorString", () => {
  it.each<[string, V1LabelSelector | undefined, string]>([
    ["no selector", undefined, ""],
    ["an empty selector", {}, ""],
    ["one label", { matchLabels: { app: "web" } }, "app=web"],
    ["labels", { matchLabels: { app: "web", tier: "fe" } }, "app=web,tier=fe"],
    ["In", { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "stage"] }] }, "env in (prod,stage)"],
    ["NotIn", { matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }, "env notin (dev)"],
    ["Exists", { matchExpressions: [{ key: "canary", operator: "Exists" }] }, "canary"],
    ["DoesNotExist", { matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, "!canary"],
    ["labels and expressions", { matchLabels: { app: "web" }, matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, "app=web,!canary"],
    ["an unknown operator selects nothing", { matchExpressions: [{ key: "x", operator: "Like" }] }, "x,!x"],
  ])("%s", (_name, selector, expected) => {
    expect(selectorString(selector)).toBe(expected);
  });

  it.each<[Record<string, string> | undefined, string]>([
    [undefined, ""],
    [{}, ""],
    [{ app: "checkout" }, "app=checkout"],
  ])("a Service selector %j", (labels, expected) => {
    expect(mapSelectorString(labels)).toBe(expected);
  });
});

describe("matchesSelector", () => {
  const labels = { app: "web", env: "prod" };
  it.each<[V1LabelSelector | undefined, boolean]>([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "api" } }, false],
    [{ matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] }, true],
    [{ matchExpressions: [{ key: "env", operator: "In", values: [] }] }, false],
    [{ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, false],
    [{ matchExpressions: [{ key: "track", operator: "NotIn", values: ["canary"] }] }, true],
    [{ matchExpressions: [{ key: "canary", operator: "Exists" }] }, false],
    [{ matchExpressions: [{ key: "canary", operator: "DoesNotExist" }] }, true],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, false],
    [{ matchExpressions: [{ key: "env", operator: "Like" }] }, false],
    [{}, true],
    [undefined, true],
  ])("%j -> %s", (selector, expected) => {
    expect(matchesSelector(labels, selector)).toBe(expected);
  });

  it("an object without labels matches only selectors that ask for absence", () => {
    expect(matchesSelector(undefined, { matchExpressions: [{ key: "a", operator: "DoesNotExist" }] })).toBe(true);
    expect(matchesSelector(undefined, { matchLabels: { a: "b" } })).toBe(false);
  });
});

describe("isEmptySelector", () => {
  it.each<[V1LabelSelector | undefined, boolean]>([
    [undefined, true],
    [{}, true],
    [{ matchLabels: {}, matchExpressions: [] }, true],
    [{ matchLabels: { a: "b" } }, false],
    [{ matchExpressions: [{ key: "a", operator: "Exists" }] }, false],
  ])("%j -> %s", (selector, expected) => {
    expect(isEmptySelector(selector)).toBe(expected);
  });
});
