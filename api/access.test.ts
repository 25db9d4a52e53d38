import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkRouteGuarded, isOpenRoute, OPEN_ROUTES, UnguardedRouteError } from "./access.js";
import { buildApp } from "./app.js";
import type { ApiUser } from "./deps.js";
import type { RateLimits } from "./rate-limits.js";
import { fakeWorld, type FakeWorld } from "./testing/fake-deps.js";

const admin = { authorization: "Bearer admin" };
const roomy = { max: 100_000, windowMs: 60_000 };
const limits = (overrides: Partial<RateLimits>): RateLimits => ({ perClient: roomy, refusedTokensPerClient: roomy, perUser: roomy, ...overrides });

/** A world whose authenticate calls are counted (each one stands for a TokenReview). */
function countingWorld(): { w: FakeWorld; reviews: () => number } {
  const w = fakeWorld();
  const authenticate = w.deps.access.authenticate.bind(w.deps.access);
  let reviews = 0;
  w.deps.access.authenticate = (token: string): Promise<ApiUser | undefined> => {
    reviews++;
    return authenticate(token);
  };
  return { w, reviews: () => reviews };
}

describe("isOpenRoute", () => {
  it.each([
    ["/healthz", true],
    ["/readyz", true],
    ["/metrics", true],
    ["/docs", true],
    ["/docs/json", true],
    ["/docs/static/*", true],
    ["/healthz/extra", false],
    ["/docs-private", false],
    ["/api/status", false],
    ["/api/docs/json", false],
    ["/", false],
  ])("%s → %s", (url, open) => {
    expect(isOpenRoute(url)).toBe(open);
  });

  it("lists nothing under /api", () => {
    expect(OPEN_ROUTES.filter((r) => r.startsWith("/api"))).toEqual([]);
  });
});

describe("checkRouteGuarded", () => {
  it.each([
    ["an /api route with an access check", { method: "GET", url: "/api/x", config: { access: { verb: "get", resource: "incidents" } } }],
    ["an /api route that only needs a token (empty list)", { method: "GET", url: "/api/x", config: { access: [] } }],
    ["an /api route whose access is computed", { method: "GET", url: "/api/x", config: { access: () => [] } }],
    ["an open route without access", { method: "GET", url: "/healthz", config: {} }],
  ])("accepts %s", (_name, route) => {
    expect(() => checkRouteGuarded(route as never)).not.toThrow();
  });

  it.each([
    ["an /api route without config", { method: "POST", url: "/api/forgotten" }],
    ["an /api route with other config only", { method: "GET", url: "/api/forgotten", config: { rateLimit: false } }],
    ["a route outside /api not listed as open", { method: "GET", url: "/lark/event", config: {} }],
  ])("refuses %s, naming it", (_name, route) => {
    expect(() => checkRouteGuarded(route as never)).toThrow(UnguardedRouteError);
    expect(() => checkRouteGuarded(route as never)).toThrow(route.url);
  });
});

describe("default deny at start-up", () => {
  it("every route of the app declares access or is listed as open (buildApp succeeds)", async () => {
    const app = await buildApp(fakeWorld().deps);
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });

  it("a route that forgets its access rule makes the app fail to start", async () => {
    const app = await buildApp(fakeWorld().deps);
    void app.register(async (child) => {
      child.get("/api/forgotten", async () => ({ secret: true }));
    });
    await expect(app.ready()).rejects.toThrow(UnguardedRouteError);
  });

  it("registering one directly throws at once", async () => {
    const app = await buildApp(fakeWorld().deps);
    expect(() => app.post("/api/forgotten", async () => "x")).toThrow(/POST \/api\/forgotten declares no config.access/);
    await app.close();
  });

  it("a route declaring an empty access list still needs a token the cluster accepts", async () => {
    const app = await buildApp(fakeWorld().deps);
    app.get("/api/token-only", { config: { access: [] } }, async (request) => ({ user: request.user?.username }));
    expect((await app.inject({ method: "GET", url: "/api/token-only" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/token-only", headers: { authorization: "Bearer unknown" } })).statusCode).toBe(401);
    const ok = await app.inject({ method: "GET", url: "/api/token-only", headers: { authorization: "Bearer nobody" } });
    expect(ok.json()).toEqual({ user: "nobody" });
    await app.close();
  });
});

describe("rate limits", () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    vi.useRealTimers();
  });

  it("refuses a client past its budget with the 429 envelope and Retry-After, before authenticating", async () => {
    const { w, reviews } = countingWorld();
    app = await buildApp(w.deps, { rateLimits: limits({ perClient: { max: 3, windowMs: 60_000 } }) });
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await app.inject({ method: "GET", url: "/api/status", headers: admin })).statusCode);
    expect(statuses).toEqual([200, 200, 200]);
    const before = reviews();
    const refused = await app.inject({ method: "GET", url: "/api/status", headers: admin });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ success: false, error: { code: "RATE_LIMITED", message: "来自该地址的请求过于频繁,请在 Retry-After 秒后重试" } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(reviews()).toBe(before);
  });

  it("counts unauthenticated requests and unknown paths too", async () => {
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ perClient: { max: 2, windowMs: 60_000 } }) });
    expect((await app.inject({ method: "GET", url: "/api/status" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/nothing-here" })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: "/api/status", headers: admin })).statusCode).toBe(429);
  });

  it("keeps clients apart: another address still gets through", async () => {
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ perClient: { max: 1, windowMs: 60_000 } }) });
    const from = (remoteAddress: string): Promise<number> =>
      app!.inject({ method: "GET", url: "/api/status", headers: admin, remoteAddress }).then((r) => r.statusCode);
    expect([await from("10.0.0.1"), await from("10.0.0.1"), await from("10.0.0.2")]).toEqual([200, 429, 200]);
  });

  it("opens again once the window has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ perClient: { max: 1, windowMs: 60_000 } }) });
    const status = (): Promise<number> => app!.inject({ method: "GET", url: "/api/status", headers: admin }).then((r) => r.statusCode);
    expect([await status(), await status()]).toEqual([200, 429]);
    vi.setSystemTime(Date.now() + 60_001);
    expect(await status()).toBe(200);
  });

  it.each(["/healthz", "/readyz", "/metrics"])("never limits %s (probes and scrapes)", async (url) => {
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ perClient: { max: 1, windowMs: 60_000 } }) });
    const statuses = new Set<number>();
    for (let n = 0; n < 50; n++) statuses.add((await app.inject({ method: "GET", url })).statusCode);
    expect(statuses).toEqual(new Set([200]));
  });

  it("1000 random bearer tokens from one address cost at most the refused-token budget in reviews", async () => {
    const { w, reviews } = countingWorld();
    app = await buildApp(w.deps, { rateLimits: limits({ refusedTokensPerClient: { max: 20, windowMs: 60_000 } }) });
    const counts = new Map<number, number>();
    for (let n = 0; n < 1_000; n++) {
      const r = await app.inject({ method: "GET", url: "/api/incidents", headers: { authorization: `Bearer forged-${n}` } });
      counts.set(r.statusCode, (counts.get(r.statusCode) ?? 0) + 1);
    }
    expect(reviews()).toBe(20);
    expect(Object.fromEntries(counts)).toEqual({ 401: 20, 429: 980 });
    const last = await app.inject({ method: "GET", url: "/api/incidents", headers: { authorization: "Bearer forged-x" } });
    expect(last.json().error).toEqual({ code: "RATE_LIMITED", message: "来自该地址的无效令牌过多,请在 Retry-After 秒后重试" });
  });

  it("does not spend the refused-token budget on accepted tokens or on requests without one", async () => {
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ refusedTokensPerClient: { max: 1, windowMs: 60_000 } }) });
    for (let n = 0; n < 5; n++) {
      expect((await app.inject({ method: "GET", url: "/api/incidents", headers: admin })).statusCode).toBe(200);
      expect((await app.inject({ method: "GET", url: "/api/incidents" })).statusCode).toBe(401);
    }
    expect((await app.inject({ method: "GET", url: "/api/incidents", headers: { authorization: "Bearer forged" } })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/api/incidents", headers: { authorization: "Bearer forged" } })).statusCode).toBe(429);
  });

  it("limits each user after authentication, wherever the requests come from, and keeps users apart", async () => {
    const { w, reviews } = countingWorld();
    app = await buildApp(w.deps, { rateLimits: limits({ perUser: { max: 2, windowMs: 60_000 } }) });
    const get = (authorization: string, remoteAddress: string): Promise<{ statusCode: number; body: string }> =>
      app!.inject({ method: "GET", url: "/api/incidents", headers: { authorization }, remoteAddress });
    expect((await get("Bearer admin", "10.0.0.1")).statusCode).toBe(200);
    expect((await get("Bearer admin", "10.0.0.2")).statusCode).toBe(200);
    const refused = await get("Bearer admin", "10.0.0.3");
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body).error).toEqual({ code: "RATE_LIMITED", message: "该用户的请求过于频繁,请在 Retry-After 秒后重试" });
    expect((await get("Bearer viewer", "10.0.0.3")).statusCode).toBe(200);
    // The user is known only after its token was reviewed: the per-user limit protects what follows (access reviews, the route).
    expect(reviews()).toBe(4);
  });

  it("a limit of 0 is no limit", async () => {
    app = await buildApp(fakeWorld().deps, { rateLimits: limits({ perClient: { max: 0, windowMs: 60_000 }, perUser: { max: 0, windowMs: 60_000 } }) });
    const statuses = new Set<number>();
    for (let n = 0; n < 30; n++) statuses.add((await app.inject({ method: "GET", url: "/api/status", headers: admin })).statusCode);
    expect(statuses).toEqual(new Set([200]));
  });

  it("documents 429 on the routes of the OpenAPI document", async () => {
    app = await buildApp(fakeWorld().deps);
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(Object.keys(doc.paths["/api/incidents"].get.responses)).toContain("429");
  });
});
