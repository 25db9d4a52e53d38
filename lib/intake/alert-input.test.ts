import { describe, expect, it } from "vitest";
import { IntakeValidationError, MAX_MESSAGE_CHARS, validateAlertInput } from "./alert-input.js";
import type { AlertInput } from "./alert-input.js";

function rejectionOf(body: unknown): IntakeValidationError {
  try {
    validateAlertInput(body);
  } catch (err) {
    if (err instanceof IntakeValidationError) return err;
    throw err;
  }
  throw new Error("the body was expected to be rejected");
}

describe("validateAlertInput", () => {
  it.each<[string, unknown, AlertInput]>([
    ["a bare message", { message: "[告警] Pod CrashLoopBackOff" }, { message: "[告警] Pod CrashLoopBackOff" }],
    [
      "every documented field",
      { message: "m", sender_id: "alert_bot", chat_id: "oc_1", timestamp: "2026-01-15T10:30:00Z" },
      { message: "m", sender_id: "alert_bot", chat_id: "oc_1", timestamp: "2026-01-15T10:30:00Z" },
    ],
    ["a timestamp with an offset", { message: "m", timestamp: "2026-01-15T18:30:00.123+08:00" }, { message: "m", timestamp: "2026-01-15T18:30:00.123+08:00" }],
    ["structured labels", { message: "m", labels: { namespace: "shop" } }, { message: "m", labels: { namespace: "shop" } }],
    ["unknown fields, dropped", { message: "m", extra: 1 }, { message: "m" }],
    ["a message of the maximum length", { message: "x".repeat(MAX_MESSAGE_CHARS) }, { message: "x".repeat(MAX_MESSAGE_CHARS) }],
  ])("accepts %s", (_what, body, expected) => {
    expect(validateAlertInput(body)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ["a missing message", {}, "message"],
    ["an empty message", { message: "" }, "message"],
    ["a blank message", { message: " \n\t " }, "message"],
    ["a message one character too long", { message: "x".repeat(MAX_MESSAGE_CHARS + 1) }, "message"],
    ["a message that is not a string", { message: 42 }, "message"],
    ["a timestamp that is not a date", { message: "m", timestamp: "yesterday" }, "timestamp"],
    ["a timestamp without a time zone", { message: "m", timestamp: "2026-01-15T10:30:00" }, "timestamp"],
    ["a sender id that is not a string", { message: "m", sender_id: 7 }, "sender_id"],
    ["a label value that is not a string", { message: "m", labels: { pod: 1 } }, "labels.pod"],
    ["too many labels", { message: "m", labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])) }, "labels"],
    ["a body that is not an object", "just text", "(body)"],
  ])("rejects %s, naming the field", (_what, body, field) => {
    const err = rejectionOf(body);
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.issues.map((issue) => issue.field)).toContain(field);
    expect(err.message).toContain(`${field}: `);
  });

  it("lists every bad field, not only the first", () => {
    const err = rejectionOf({ message: "", timestamp: "soon" });
    expect(err.issues.map((issue) => issue.field).sort()).toEqual(["message", "timestamp"]);
  });
});
