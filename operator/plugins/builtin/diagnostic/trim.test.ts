import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { cappedNote, MAX_ANNOTATION_LENGTH, trimAll, trimObject } from "./trim.js";

const pod = (annotations?: Record<string, string>): V1Pod => ({
  metadata: {
    name: "web-1",
    annotations,
    managedFields: [{ manager: "kubectl", operation: "Apply" }],
  },
  spec: { containers: [{ name: "app", image: "app:1" }] },
});

describe("trimObject", () => {
  it.each<[string, Record<string, string> | undefined, Record<string, string> | undefined]>([
    ["no annotations", undefined, undefined],
    ["small annotations", { team: "payments" }, { team: "payments" }],
    [
      "kubectl's last-applied copy",
      { "kubectl.kubernetes.io/last-applied-configuration": "{}", team: "a" },
      { team: "a" },
    ],
    ["a value over the limit", { big: "x".repeat(MAX_ANNOTATION_LENGTH + 1), ok: "y" }, { ok: "y" }],
  ])("with %s", (_name, annotations, expected) => {
    const trimmed = trimObject(pod(annotations));
    expect(trimmed.metadata?.managedFields).toBeUndefined();
    expect(trimmed.metadata?.annotations).toEqual(expected);
    expect(trimmed.metadata?.name).toBe("web-1");
    expect(trimmed.spec).toEqual(pod().spec);
  });

  it("leaves the original untouched", () => {
    const original = pod({ "kubectl.kubernetes.io/last-applied-configuration": "{}" });
    trimObject(original);
    expect(original.metadata?.managedFields).toHaveLength(1);
    expect(original.metadata?.annotations).toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
  });
});

describe("trimAll and cappedNote", () => {
  it.each<[number, number, number, string]>([
    [3, 5, 3, ""],
    [5, 5, 5, ""],
    [7, 5, 5, " (first 5 in data)"],
  ])("%i objects capped at %i keeps %i", (total, max, kept, note) => {
    const pods = Array.from({ length: total }, () => pod());
    expect(trimAll(pods, max)).toHaveLength(kept);
    expect(cappedNote(total, max)).toBe(note);
  });
});
