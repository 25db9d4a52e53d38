import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { apiErrorMessage, apiStatusCode, isApiStatus } from "./client.js";

const status422 = new ApiException(422, "HTTP-Code: 422", JSON.stringify({ kind: "Status", message: "spec.severity: Unsupported value" }), {});

describe("API error helpers", () => {
  it.each<[string, unknown, number | undefined, string]>([
    ["an ApiException with a Status body", status422, 422, "spec.severity: Unsupported value"],
    ["an ApiException with a non-JSON body", new ApiException(500, "boom", "<html>", {}), 500, "HTTP 500: <html>"],
    ["a plain Error", new Error("connect ECONNREFUSED"), undefined, "connect ECONNREFUSED"],
    ["a string", "weird", undefined, "weird"],
  ])("reads %s", (_name, err, code, message) => {
    expect(apiStatusCode(err)).toBe(code);
    expect(apiErrorMessage(err)).toBe(message);
  });

  it("isApiStatus compares the code", () => {
    expect(isApiStatus(status422, 422)).toBe(true);
    expect(isApiStatus(status422, 404)).toBe(false);
  });
});
