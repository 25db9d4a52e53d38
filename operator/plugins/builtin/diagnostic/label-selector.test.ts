import type { V1LabelSelector } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { mapSelectorString, selectorString } from "./label-selector.js";

describe("selectorString", () => {
  it.each<[string, V1LabelSelector | undefined, string | undefined]>([
    ["no selector", undefined, undefined],
    ["an empty selector", {}, undefined],
    ["labels", { matchLabels: { app: "web", tier: "fe" } }, "app=web,tier=fe"],
    [
      "every operator",
      {
        matchExpressions: [
          { key: "a", operator: "In", values: ["x", "y"] },
          { key: "b", operator: "NotIn", values: ["z"] },
          { key: "c", operator: "Exists" },
          { key: "d", operator: "DoesNotExist" },
        ],
      },
      "a in (x,y),b notin (z),c,!d",
    ],
  ])("%s", (_name, selector, text) => {
    expect(selectorString(selector)).toBe(text);
  });

  it.each<[Record<string, string> | undefined, string | undefined]>([
    [undefined, undefined],
    [{}, undefined],
    [{ app: "web" }, "app=web"],
  ])("map %j", (labels, text) => {
    expect(mapSelectorString(labels)).toBe(text);
  });
});
