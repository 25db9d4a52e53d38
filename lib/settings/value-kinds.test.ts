import { describe, expect, it } from "vitest";
import { booleanKind, enumKind, listKind, numberKind, secretKind, textKind, urlKind, type ValueKind } from "./value-kinds.js";

const timeout = numberKind({ min: 1, max: 3600, integer: true });
const ratio = numberKind({ min: 0, max: 1 });
const atLeastFive = numberKind({ min: 5, integer: true });
const risk = enumKind(["low", "medium", "high"]);
const list = listKind();
const namespaces = listKind({ item: /^[a-z0-9-]+$/ });

describe("value kinds accept client JSON and stored strings alike", () => {
  it.each<[string, ValueKind, unknown, unknown]>([
    ["integer", timeout, 600, 600],
    ["numeric string", timeout, "600", 600],
    ["padded numeric string", timeout, " 42 ", 42],
    ["lower bound", timeout, 1, 1],
    ["upper bound", timeout, 3600, 3600],
    ["decimal", ratio, "0.75", 0.75],
    ["no upper bound", atLeastFive, 100000, 100000],
    ["boolean", booleanKind, false, false],
    ["boolean string", booleanKind, "TRUE", true],
    ["enum", risk, "medium", "medium"],
    ["array", list, ["a", " b "], ["a", "b"]],
    ["comma-separated", list, "rm -rf, drop table ,,", ["rm -rf", "drop table"]],
    ["empty string is the empty list", list, "", []],
    ["namespace list", namespaces, "default,prod", ["default", "prod"]],
    ["text is trimmed", textKind(), "  claude  ", "claude"],
    ["https URL", urlKind, "https://api.anthropic.com", "https://api.anthropic.com"],
    ["secret", secretKind, "sk-ant-123", "sk-ant-123"],
  ])("%s", (_name, kind, input, expected) => {
    expect(kind.schema.parse(input)).toEqual(expected);
  });

  it.each<[string, ValueKind, unknown]>([
    ["zero", timeout, 0],
    ["above the maximum", timeout, 3601],
    ["a fraction for an integer", timeout, 1.5],
    ["a word", timeout, "ten"],
    ["an empty string as a number", timeout, ""],
    ["exponent notation", timeout, "1e3"],
    ["above 1", ratio, 1.01],
    ["below the minimum", atLeastFive, 4],
    ["yes is not a boolean", booleanKind, "yes"],
    ["a number is not a boolean", booleanKind, 1],
    ["an unknown option", risk, "extreme"],
    ["a list item with a comma", list, ["a,b"]],
    ["a list of numbers", list, [1, 2]],
    ["a bad namespace", namespaces, "Prod"],
    ["empty text", textKind(), "   "],
    ["too long text", textKind({ max: 3 }), "abcd"],
    ["ftp URL", urlKind, "ftp://example.com"],
    ["not a URL", urlKind, "api.anthropic.com"],
    ["the mask as a secret", secretKind, "******"],
    ["an empty secret", secretKind, ""],
  ])("refuses %s", (_name, kind, input) => {
    expect(kind.schema.safeParse(input).success).toBe(false);
  });

  it.each<[string, ValueKind, unknown, string]>([
    ["number", timeout, 600, "600"],
    ["boolean", booleanKind, false, "false"],
    ["list", list, ["rm -rf", "drop table"], "rm -rf,drop table"],
    ["empty list", list, [], ""],
    ["enum", risk, "high", "high"],
  ])("encodes a %s so that it reads back the same", (_name, kind, value, stored) => {
    const parsed = kind.schema.parse(value);
    expect(kind.encode(parsed)).toBe(stored);
    expect(kind.schema.parse(stored)).toEqual(parsed);
  });

  it.each<[ValueKind, string, string]>([
    [timeout, "必须是 1 到 3600 之间的整数", "must be an integer from 1 to 3600"],
    [ratio, "必须是 0 到 1 之间的数字", "must be a number from 0 to 1"],
    [atLeastFive, "必须是不小于 5 的整数", "must be an integer of at least 5"],
    [risk, "必须是以下之一: low, medium, high", "must be one of: low, medium, high"],
    [booleanKind, "必须是 true 或 false", "must be true or false"],
  ])("describes what it expects: %#", (kind, zh, en) => {
    expect(kind.expectation).toEqual({ zh, en });
  });
});
