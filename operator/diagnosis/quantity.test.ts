import { describe, expect, it } from "vitest";
import { formatMemory, parseQuantity, proposeMemoryIncrease } from "./quantity.js";

describe("parseQuantity", () => {
  it.each<[string | number | undefined, number | undefined]>([
    ["128Mi", 128 * 2 ** 20],
    ["4Gi", 4 * 2 ** 30],
    ["512Ki", 512 * 1024],
    ["500M", 500e6],
    ["1G", 1e9],
    ["250m", 0.25],
    ["2", 2],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1e3", 1000],
    [3, 3],
    ["", undefined],
    ["abc", undefined],
    ["12Zi", undefined],
    [undefined, undefined],
  ])("%s -> %s", (quantity, expected) => {
    expect(parseQuantity(quantity)).toBe(expected);
  });
});

describe("formatMemory", () => {
  it.each<[number, string]>([
    [256 * 2 ** 20, "256Mi"],
    [4 * 2 ** 30, "4Gi"],
    [1536 * 2 ** 20, "1536Mi"],
    [1e9, "954Mi"],
  ])("%d -> %s", (bytes, expected) => {
    expect(formatMemory(bytes)).toBe(expected);
  });
});

describe("proposeMemoryIncrease", () => {
  it.each<[string | undefined, string | undefined, ReturnType<typeof proposeMemoryIncrease>]>([
    ["128Mi", "64Mi", { fromLimit: "128Mi", toLimit: "256Mi" }],
    ["1Gi", undefined, { fromLimit: "1Gi", toLimit: "2Gi" }],
    ["500M", "500M", { fromLimit: "500M", toLimit: "954Mi" }],
    ["3Gi", "3Gi", { fromLimit: "3Gi", toLimit: "4Gi" }],
    ["2049Mi", undefined, { fromLimit: "2049Mi", toLimit: "4Gi" }],
    // A request above the new limit (a template edited by hand) is brought down to it.
    ["1Gi", "3Gi", { fromLimit: "1Gi", toLimit: "2Gi", toRequest: "2Gi" }],
    ["4Gi", undefined, undefined],
    ["6Gi", "6Gi", undefined],
    [undefined, "64Mi", undefined],
    ["0", undefined, undefined],
    ["lots", undefined, undefined],
  ])("limit %s request %s", (limit, request, expected) => {
    expect(proposeMemoryIncrease(limit, request)).toEqual(expected);
  });
});
