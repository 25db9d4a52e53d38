import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { fakeWorld, type FakeWorld } from "./testing/fake-deps.js";
import { incident } from "./testing/incidents.js";

const admin = { authorization: "Bearer admin" };

describe("the app with in-memory ports", () => {
  let w: FakeWorld;
  let app: FastifyInstance;
  beforeAll(async () => {
    w = fakeWorld();
    app = await buildApp(w.deps);
  });
  afterAll(async () => app.close());

  it.each([
    ["Bearer admin", 200],
    ["bearer admin", 200],
    ["Bearer  admin ", 200],
    ["Basic admin", 401],
    ["Bearer", 401],
    ["admin", 401],
    ["Bearer unknown", 401],
    ["Bearer nobody", 403],
  ])("Authorization %j → %i", async (authorization, status) => {
    const r = await app.inject({ method: "GET", url: "/api/incidents", headers: { authorization } });
    expect(r.statusCode).toBe(status);
  });

  it("an unexpected error is the documented 500 envelope, without its message", async () => {
    vi.spyOn(w.deps.writer, "getIncident").mockRejectedValueOnce(new Error("etcd exploded at 10.0.0.1"));
    const r = await app.inject({ method: "GET", url: "/api/incidents/INC-20240115-009", headers: admin });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ success: false, error: { code: "INTERNAL_ERROR", message: "服务器内部错误" } });
  });

  it("an apiserver that cannot answer auth is a 503, a refused facade account a 500", async () => {
    for (const [retryable, status] of [[true, 503], [false, 500]] as const) {
      vi.spyOn(w.deps.access, "authenticate").mockRejectedValueOnce(Object.assign(new Error("down"), { name: "AuthUnavailableError", retryable }));
      const r = await app.inject({ method: "GET", url: "/api/status", headers: admin });
      expect(r.statusCode).toBe(status);
    }
  });

  it("approve on an incident awaiting approval appends an api decision with the current proposal revision", async () => {
    w.incidents.put(incident({ id: "INC-20240115-002", phase: "awaiting_approval", revision: 3 }));
    const r = await app.inject({ method: "POST", url: "/api/incidents/INC-20240115-002/approve", headers: admin, payload: { comment: "ok" } });
    expect(r.statusCode).toBe(200);
    const { patch } = w.patches.at(-1)!;
    expect(patch).toMatchObject({
      metadata: { resourceVersion: "1" },
      spec: { decisions: [{ action: "approve", by: "admin", via: "api", comment: "ok", proposalRevision: 3 }] },
    });
  });

  it("unknown routes and wrong methods are the 404 envelope", async () => {
    for (const [method, url] of [["GET", "/api/nothing"], ["DELETE", "/api/incidents"]] as const) {
      const r = await app.inject({ method, url, headers: admin });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
    }
  });

  it("a non-JSON content type is refused with 415 in the envelope", async () => {
    const r = await app.inject({ method: "POST", url: "/api/alert", headers: { ...admin, "content-type": "text/plain" }, payload: "hello" });
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", details: [{ field: "body" }] } });
  });

  it("answers in English when the locale says so", async () => {
    const english = fakeWorld();
    english.deps.locale = () => "en";
    const en = await buildApp(english.deps);
    const r = await en.inject({ method: "GET", url: "/api/incidents?page=0", headers: admin });
    expect(r.json()).toEqual({ success: false, error: { code: "VALIDATION_ERROR", message: "Validation failed", details: [{ field: "page", message: "must be a positive integer" }] } });
    const missing = await en.inject({ method: "GET", url: "/api/incidents/INC-20240115-404", headers: admin });
    expect(missing.json().error.message).toBe("Incident not found");
    await en.close();
  });

  it("lists incidents with the paging numbers of the documented envelope", async () => {
    const fresh = fakeWorld();
    for (let n = 1; n <= 45; n++) fresh.incidents.put(incident({ id: `INC-20240115-${String(n).padStart(3, "0")}`, phase: "new" }));
    const a = await buildApp(fresh.deps);
    const r = await a.inject({ method: "GET", url: "/api/incidents?page=3&page_size=20", headers: admin });
    expect(r.json().data).toMatchObject({ total: 45, page: 3, page_size: 20, total_pages: 3 });
    expect(r.json().data.items).toHaveLength(5);
    await a.close();
  });
});
