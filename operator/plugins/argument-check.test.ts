import { z } from "zod";
import { describe, expect, it } from "vitest";
import { checkArguments } from "./argument-check.js";

const schema = z.object({
  namespace: z.string().min(1),
  pod_name: z.string().min(1),
  replicas: z.number().int().min(0).optional(),
});

describe("checkArguments", () => {
  it.each<[string, unknown, string | undefined]>([
    ["valid arguments", { namespace: "prod", pod_name: "a" }, undefined],
    ["a missing field", { namespace: "prod" }, "pod_name"],
    ["a wrong type", { namespace: "prod", pod_name: "a", replicas: "3" }, "replicas"],
    ["a negative number", { namespace: "prod", pod_name: "a", replicas: -1 }, "replicas"],
    ["no arguments at all", undefined, "namespace"],
    ["not an object", "prod", "(arguments)"],
  ])("%s", (_name, raw, field) => {
    const result = checkArguments(schema, raw);
    if (field === undefined) {
      expect(result.ok).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toContain(field);
      expect(!result.ok && result.error.startsWith("invalid arguments: ")).toBe(true);
    }
  });
});
