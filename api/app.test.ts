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

  it.each([
    ["the revision the approver saw is current: recorded", 3, 200],
    ["the proposal was replaced since (it expired and was diagnosed again): 409, nothing written", 2, 409],
  ])("approve naming proposal_revision, %s", async (_name, seen, status) => {
    w.incidents.put(incident({ id: "INC-20240115-009", phase: "awaiting_approval", revision: 3 }));
    const before = w.patches.length;
    const r = await app.inject({ method: "POST", url: "/api/incidents/INC-20240115-009/approve", headers: admin, payload: { proposal_revision: seen } });
    expect(r.statusCode).toBe(status);
    if (status === 409) {
      expect(r.json()).toMatchObject({ success: false, error: { code: "CONFLICT" } });
      expect(w.patches.length).toBe(before);
    } else expect(w.patches.at(-1)!.patch).toMatchObject({ spec: { decisions: [{ action: "approve", proposalRevision: 3 }] } });
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

  it.each([
    ["/api/incidents/%E0%A4%A", "path"],
    [`/api/incidents/${"9".repeat(300)}`, "path"],
    ["/api/plugins?x=1", "x"],
    ["/api/status?verbose=true", "verbose"],
    ["/api/config?raw=1", "raw"],
    ["/api/incidents?page=0x10", "page"],
    ["/api/incidents?page=1e3", "page"],
    ["/api/incidents?page_size=%2020", "page_size"],
    ["/api/incidents?start_date=2024-02-30", "start_date"],
    ["/api/incidents?start_date=Tue,%2001%20Jan%202024", "start_date"],
    ["/api/incidents?end_date=2024-01-15T10:00:00", "end_date"],
  ])("GET %s is a 400 VALIDATION_ERROR naming %s", async (url, field) => {
    const r = await app.inject({ method: "GET", url, headers: admin });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR" } });
    expect(r.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it("accepts the date forms the reference implies", async () => {
    for (const q of ["start_date=2024-01-15", "end_date=2024-01-15T10:30:00Z", "start_date=2024-01-15T10:30:00.123%2B08:00"]) {
      expect((await app.inject({ method: "GET", url: `/api/incidents?${q}`, headers: admin })).statusCode).toBe(200);
    }
  });

  it("an approve with an empty JSON body is an approve without a comment", async () => {
    w.incidents.put(incident({ id: "INC-20240115-003", phase: "awaiting_approval", revision: 1 }));
    const r = await app.inject({ method: "POST", url: "/api/incidents/INC-20240115-003/approve", headers: { ...admin, "content-type": "application/json" }, payload: "" });
    expect(r.statusCode).toBe(200);
    expect(r.json().data).toMatchObject({ action: "approve", comment: null });
  });

  it("a decision while an earlier one is unapplied is a 409", async () => {
    const pending = incident({ id: "INC-20240115-004", phase: "awaiting_approval", revision: 1 });
    pending.spec.decisions = [{ action: "approve", by: "x", via: "kubectl", at: "2024-01-15T10:40:00Z" }];
    w.incidents.put(pending);
    const r = await app.inject({ method: "POST", url: "/api/incidents/INC-20240115-004/reject", headers: admin });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("CONFLICT");
  });

  it.each([
    [404, 404, "NOT_FOUND"],
    [409, 409, "CONFLICT"],
    [429, 503, "SERVICE_UNAVAILABLE"],
    [500, 503, "SERVICE_UNAVAILABLE"],
  ])("an apiserver %i on every attempt of a write is a %i %s", async (apiserver, status, code) => {
    w.incidents.put(incident({ id: "INC-20240115-005", phase: "awaiting_approval", revision: 1 }));
    const spy = vi.spyOn(w.deps.writer, "patchIncident").mockRejectedValue(Object.assign(new Error("HTTP"), { code: apiserver, body: "{}" }));
    const r = await app.inject({ method: "POST", url: "/api/incidents/INC-20240115-005/approve", headers: admin });
    spy.mockRestore();
    expect(r.statusCode).toBe(status);
    expect(r.json().error.code).toBe(code);
  });

  it("an apiserver 422 is a 400 naming the fields it named", async () => {
    const body = JSON.stringify({ details: { causes: [{ field: "spec.author", message: "Too long: may not be longer than 256" }] } });
    vi.spyOn(w.deps.writer, "createKnowledge").mockRejectedValueOnce(Object.assign(new Error("HTTP"), { code: 422, body }));
    const r = await app.inject({ method: "POST", url: "/api/knowledge", headers: admin, payload: { title: "t", content: "c" } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details).toEqual([{ field: "author", message: "Too long: may not be longer than 256" }]);
  });

  it("HEAD /api/events does not subscribe and hang", async () => {
    const r = await app.inject({ method: "HEAD", url: "/api/events", headers: admin });
    expect(r.statusCode).toBe(404);
  });
});
