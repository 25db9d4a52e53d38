import { describe, expect, it } from "vitest";
import { isQuantity, quantityArg, quantityValue } from "./quantity.js";

describe("isQuantity", () => {
  it.each([
    ["250m", true],
    ["1", true],
    ["0", true],
    ["1.5", true],
    [".5", true],
    ["2.", true],
    ["128Mi", true],
    ["1.5Gi", true],
    ["1Ei", true],
    ["100k", true],
    ["1E", true],
    ["2e3", true],
    ["2E-3", true],
    ["500n", true],
    ["lots", false],
    ["", false],
    ["-1", false],
    ["+1", false],
    ["1MB", false],
    ["1mi", false],
    ["1 Gi", false],
    ["Gi", false],
    ["1K", false],
    ["1..5", false],
    ["1".repeat(65), false],
  ])("%j -> %s", (text, expected) => {
    expect(isQuantity(text)).toBe(expected);
  });
});

describe("quantityValue", () => {
  it.each([
    ["250m", 0.25],
    ["2", 2],
    ["1Ki", 1024],
    ["128Mi", 128 * 2 ** 20],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["1G", 1e9],
    ["2e3", 2000],
    ["5E-1", 0.5],
    ["lots", undefined],
  ])("%s -> %s", (text, expected) => {
    expect(quantityValue(text)).toBe(expected);
  });

  it.each([
    ["256Mi", "128Mi"],
    ["1", "999m"],
    ["1Gi", "1G"],
  ])("%s is more than %s", (bigger, smaller) => {
    expect(quantityValue(bigger)!).toBeGreaterThan(quantityValue(smaller)!);
  });
});

describe("quantityArg", () => {
  it.each([
    ["256Mi", true],
    [undefined, true],
    ["lots", false],
  ])("%j accepted: %s", (value, accepted) => {
    expect(quantityArg("memory").safeParse(value).success).toBe(accepted);
  });
});
