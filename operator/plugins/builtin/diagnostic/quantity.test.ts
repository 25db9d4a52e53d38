import { describe, expect, it } from "vitest";
import { formatBytes, formatCpu, percentOf, quantityValue } from "./quantity.js";

describe("quantityValue", () => {
  it.each<[string | number | undefined, number]>([
    ["100m", 0.1],
    ["2", 2],
    ["1.5", 1.5],
    ["64Mi", 64 * 2 ** 20],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1G", 1e9],
    ["500k", 500_000],
    ["250000000n", 0.25],
    ["1e3", 1000],
    [3, 3],
    [undefined, 0],
    ["", 0],
    ["lots", 0],
    ["5Xi", 0],
  ])("%s is %d", (quantity, value) => {
    expect(quantityValue(quantity)).toBeCloseTo(value, 9);
  });
});

describe("formatting", () => {
  it.each<[number, string]>([
    [0.25, "250m"],
    [2, "2"],
    [1.5, "1500m"],
    [0, "0"],
  ])("cpu %d is %s", (cores, text) => {
    expect(formatCpu(cores)).toBe(text);
  });

  it.each<[number, string]>([
    [64 * 2 ** 20, "64Mi"],
    [1.5 * 2 ** 30, "1.5Gi"],
    [512, "512"],
    [32 * 2 ** 30, "32Gi"],
  ])("bytes %d are %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each<[number, number, number | undefined]>([
    [1, 4, 25],
    [2, 3, 67],
    [1, 0, undefined],
  ])("%d of %d is %s%", (part, whole, percent) => {
    expect(percentOf(part, whole)).toBe(percent);
  });
});
