import { describe, expect, it } from "vitest";
import { toStructural, type SchemaNode } from "./structural.js";

describe("toStructural", () => {
  it.each<[string, SchemaNode, SchemaNode]>([
    [
      "drops additionalProperties:false beside properties",
      { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
      { type: "object", properties: { a: { type: "string" } } },
    ],
    [
      "turns an empty additionalProperties into preserve-unknown-fields",
      { type: "object", additionalProperties: {} },
      { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    ],
    [
      "keeps a typed map as additionalProperties",
      { type: "object", additionalProperties: { type: "string" } },
      { type: "object", additionalProperties: { type: "string" } },
    ],
    [
      "turns const into a one-value enum",
      { type: "string", const: "x" },
      { type: "string", enum: ["x"] },
    ],
    [
      "drops the safe-integer bounds zod adds",
      { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
      { type: "integer" },
    ],
    [
      "keeps real integer bounds",
      { type: "integer", minimum: 1, maximum: 3600 },
      { type: "integer", minimum: 1, maximum: 3600 },
    ],
    [
      "drops zod's date-time regex, which RE2 cannot compile",
      { type: "string", format: "date-time", pattern: "^(?:x)$" },
      { type: "string", format: "date-time" },
    ],
    [
      "drops $schema",
      { $schema: "http://json-schema.org/draft-04/schema#", type: "string" },
      { type: "string" },
    ],
    [
      "rewrites nested array items",
      { type: "array", items: { type: "object", properties: {}, additionalProperties: false } },
      { type: "array", items: { type: "object", properties: {} } },
    ],
  ])("%s", (_name, input, expected) => {
    expect(toStructural(input)).toEqual(expected);
  });

  it.each<[string, SchemaNode, RegExp]>([
    ["$ref", { $ref: "#/definitions/x" }, /\$ref/],
    ["anyOf", { anyOf: [{ type: "string" }, { type: "integer" }] }, /anyOf/],
    ["a node with no type", { type: "object", properties: { a: {} } }, /<root>\.a: every node/],
    [
      "a typed map beside properties",
      { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "string" } },
      /additionalProperties beside properties/,
    ],
  ])("rejects %s, naming the path", (_name, input, message) => {
    expect(() => toStructural(input)).toThrow(message);
  });
});
