import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { failureMessage, guarded, type Subject } from "./outcome.js";

const apiError = (code: number, message: string): ApiException<string> =>
  new ApiException(code, `HTTP-Code: ${code}`, JSON.stringify({ kind: "Status", message }), {});
const abort = Object.assign(new Error("This operation was aborted"), { name: "AbortError" });
const pod: Subject = { kind: "pod", name: "web-1", namespace: "shop" };

describe("failureMessage", () => {
  it.each<[string, unknown, Subject | string, string]>([
    ["a missing namespaced object", apiError(404, 'pods "web-1" not found'), pod, "pod web-1 not found in namespace shop"],
    ["a missing node", apiError(404, "nope"), { kind: "node", name: "n1" }, "node n1 not found"],
    [
      "a 404 without a subject",
      apiError(404, "the server could not find the requested resource"),
      "list pods in namespace shop",
      "could not list pods in namespace shop: the server could not find the requested resource",
    ],
    ["a refusal", apiError(403, 'pods "web-1" is forbidden'), pod, 'permission denied: pods "web-1" is forbidden'],
    ["a server error", apiError(500, "etcdserver: timeout"), pod, "could not read pod web-1: etcdserver: timeout"],
    ["a network error", new Error("connect ECONNREFUSED"), "list nodes", "could not list nodes: connect ECONNREFUSED"],
    ["an abort", abort, pod, "cancelled: the plugin timed out or the operator is shutting down"],
  ])("%s", (_name, err, about, message) => {
    expect(failureMessage(err, about)).toBe(message);
  });
});

describe("guarded", () => {
  it("passes a result through", async () => {
    await expect(guarded(pod, () => Promise.resolve({ ok: true, summary: "fine" }))).resolves.toEqual({ ok: true, summary: "fine" });
  });

  it("turns a throw into a failed result with the status code", async () => {
    const result = await guarded(pod, () => Promise.reject(apiError(404, "x")));
    expect(result).toEqual({
      ok: false,
      summary: "pod web-1 not found in namespace shop",
      error: "pod web-1 not found in namespace shop",
      data: { status: 404 },
    });
  });
});
