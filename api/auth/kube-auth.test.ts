import { ApiException, KubeConfig, type V1SubjectAccessReview, type V1TokenReview } from "@kubernetes/client-node";
import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "../../lib/controller/clock.js";
import {
  accessCacheKey,
  AuthUnavailableError,
  bearerToken,
  KubeAuth,
  tokenCacheKey,
  type AccessCheck,
  type ApiUser,
  type KubeAuthOptions,
} from "./kube-auth.js";

const NS = "kubefix-system";
const alice: ApiUser = { username: "alice", groups: ["dev", "system:authenticated"] };
const listIncidents: AccessCheck = { verb: "list", resource: "incidents" };

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tokenAnswer = (user?: ApiUser): V1TokenReview => ({
  spec: {},
  status: user ? { authenticated: true, user } : { authenticated: false, error: "invalid bearer token" },
});
const accessAnswer = (allowed: boolean, reason?: string): V1SubjectAccessReview => ({
  spec: {},
  status: { allowed, ...(reason ? { reason } : {}) },
});

/** A KubeAuth over fake review calls: tokens "t-<name>" belong to <name>; only alice may do anything. */
function setup(overrides: Partial<KubeAuthOptions> = {}) {
  const clock = new FakeClock(1_000);
  const reviewToken = vi.fn((review: V1TokenReview) => {
    const name = /^t-(\w+)$/.exec(review.spec.token ?? "")?.[1];
    return Promise.resolve(tokenAnswer(name ? { username: name, groups: ["system:authenticated"] } : undefined));
  });
  const reviewAccess = vi.fn((review: V1SubjectAccessReview) =>
    Promise.resolve(accessAnswer(review.spec.user === "alice", "RBAC: fake")),
  );
  const auth = new KubeAuth({ kc: new KubeConfig(), namespace: NS, clock, reviewToken, reviewAccess, ...overrides });
  return { auth, clock, reviewToken, reviewAccess };
}

describe("bearerToken", () => {
  it.each<[string, string | undefined, string | undefined]>([
    ["a plain bearer header", "Bearer abc.def-ghi", "abc.def-ghi"],
    ["a lower-case scheme", "bearer abc", "abc"],
    ["a shouting scheme", "BEARER abc", "abc"],
    ["surrounding whitespace", "  Bearer abc \t", "abc"],
    ["several spaces after the scheme", "Bearer    abc", "abc"],
    ["no header", undefined, undefined],
    ["an empty header", "", undefined],
    ["the scheme alone", "Bearer", undefined],
    ["the scheme and a space", "Bearer ", undefined],
    ["a token with a space", "Bearer abc def", undefined],
    ["another scheme", "Basic dXNlcjpwYXNz", undefined],
    ["no space after the scheme", "Bearerabc", undefined],
    ["a token without a scheme", "abc", undefined],
  ])("%s", (_name, header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe("cache keys", () => {
  it("hashes tokens so that the key does not contain them", () => {
    const key = tokenCacheKey("secret-token");
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain("secret-token");
    expect(tokenCacheKey("secret-token")).toBe(key);
    expect(tokenCacheKey("secret-token2")).not.toBe(key);
  });

  const base = accessCacheKey(alice, listIncidents);
  it.each<[string, ApiUser, AccessCheck, boolean]>([
    ["the same user and check", { ...alice }, { ...listIncidents }, true],
    ["groups in another order", { ...alice, groups: ["system:authenticated", "dev"] }, listIncidents, true],
    ["the default group spelled out", alice, { ...listIncidents, group: "kubefix.io" }, true],
    ["another user", { ...alice, username: "bob" }, listIncidents, false],
    ["another group set", { ...alice, groups: ["dev"] }, listIncidents, false],
    ["a uid", { ...alice, uid: "u1" }, listIncidents, false],
    ["extra values", { ...alice, extra: { scopes: ["a"] } }, listIncidents, false],
    ["another verb", alice, { ...listIncidents, verb: "get" }, false],
    ["another resource", alice, { ...listIncidents, resource: "plugins" }, false],
    ["the core group", alice, { ...listIncidents, group: "" }, false],
    ["a subresource", alice, { ...listIncidents, subresource: "approval" }, false],
    ["a name", alice, { ...listIncidents, name: "INC-1" }, false],
  ])("%s gives %s", (_name, user, check, same) => {
    expect(accessCacheKey(user, check) === base).toBe(same);
  });

  it("does not confuse a name with a subresource", () => {
    const user = alice;
    expect(accessCacheKey(user, { ...listIncidents, name: "x" })).not.toBe(
      accessCacheKey(user, { ...listIncidents, subresource: "x" }),
    );
  });
});

describe("KubeAuth.authenticate", () => {
  it("sends a TokenReview and maps the user", async () => {
    const { auth, reviewToken } = setup({ audiences: ["kubefix"] });
    await expect(auth.authenticate("t-bob")).resolves.toEqual({ username: "bob", groups: ["system:authenticated"] });
    expect(reviewToken).toHaveBeenCalledWith({
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token: "t-bob", audiences: ["kubefix"] },
    });
  });

  it.each<[string, V1TokenReview]>([
    ["not authenticated", tokenAnswer()],
    ["authenticated without a user", { spec: {}, status: { authenticated: true } }],
    ["no status", { spec: {} }],
  ])("gives undefined when the review says %s", async (_name, answer) => {
    const { auth } = setup({ reviewToken: () => Promise.resolve(answer) });
    await expect(auth.authenticate("t-bob")).resolves.toBeUndefined();
  });

  it("does not ask about an empty token", async () => {
    const { auth, reviewToken } = setup();
    await expect(auth.authenticate("")).resolves.toBeUndefined();
    expect(reviewToken).not.toHaveBeenCalled();
  });

  it.each<[string, string, number, number]>([
    ["an accepted token, within the TTL", "t-bob", 9_999, 1],
    ["an accepted token, at the TTL", "t-bob", 10_000, 2],
    ["a refused token, within the negative TTL", "garbage!", 1_999, 1],
    ["a refused token, at the negative TTL", "garbage!", 2_000, 2],
  ])("caches %s", async (_name, token, elapsed, calls) => {
    const { auth, clock, reviewToken } = setup();
    const first = await auth.authenticate(token);
    clock.advance(elapsed);
    await expect(auth.authenticate(token)).resolves.toEqual(first);
    expect(reviewToken).toHaveBeenCalledTimes(calls);
  });

  it("shares one in-flight review among concurrent callers of the same token", async () => {
    const answer = deferred<V1TokenReview>();
    const reviewToken = vi.fn(() => answer.promise);
    const { auth } = setup({ reviewToken });
    const both = Promise.all([auth.authenticate("t-bob"), auth.authenticate("t-bob")]);
    answer.resolve(tokenAnswer({ username: "bob", groups: [] }));
    const [a, b] = await both;
    expect(a).toEqual({ username: "bob", groups: [] });
    expect(b).toBe(a);
    expect(reviewToken).toHaveBeenCalledTimes(1);
  });

  it("keeps at most maxEntries answers, evicting the oldest", async () => {
    const { auth, reviewToken } = setup({ maxEntries: 2 });
    for (const t of ["t-a", "t-b", "t-c"]) await auth.authenticate(t);
    await auth.authenticate("t-c");
    await auth.authenticate("t-b");
    expect(reviewToken).toHaveBeenCalledTimes(3);
    await auth.authenticate("t-a");
    expect(reviewToken).toHaveBeenCalledTimes(4);
  });
});

describe("KubeAuth.authenticate under a flood of refused tokens", () => {
  const randomToken = (n: number): string => `forged-${n}-${Math.random().toString(36).slice(2)}`;

  it("keeps accepted tokens cached however many random tokens are refused", async () => {
    const { auth, reviewToken } = setup({ maxEntries: 10, maxRefusedTokens: 100 });
    await auth.authenticate("t-alice");
    for (let n = 0; n < 1_000; n++) await expect(auth.authenticate(randomToken(n))).resolves.toBeUndefined();
    const reviews = reviewToken.mock.calls.length;
    await expect(auth.authenticate("t-alice")).resolves.toMatchObject({ username: "alice" });
    expect(reviewToken).toHaveBeenCalledTimes(reviews);
  });

  it("asks once about a refused token retried within the negative TTL, however often", async () => {
    const { auth, clock, reviewToken } = setup();
    for (let n = 0; n < 100; n++) {
      await auth.authenticate("stolen-and-revoked");
      clock.advance(19);
    }
    expect(reviewToken).toHaveBeenCalledTimes(1);
    clock.advance(200);
    await auth.authenticate("stolen-and-revoked");
    expect(reviewToken).toHaveBeenCalledTimes(2);
  });

  it("bounds the refused cache by maxRefusedTokens, oldest first", async () => {
    const { auth, reviewToken } = setup({ maxRefusedTokens: 2 });
    for (const t of ["bad-a", "bad-b", "bad-c"]) await auth.authenticate(t);
    await auth.authenticate("bad-c");
    await auth.authenticate("bad-b");
    expect(reviewToken).toHaveBeenCalledTimes(3);
    await auth.authenticate("bad-a");
    expect(reviewToken).toHaveBeenCalledTimes(4);
  });

  it("keeps only hashes: no refused token appears in the cache's keys", async () => {
    const { auth } = setup();
    await auth.authenticate("bad-secret-value");
    const refused = (auth as unknown as { refusedTokens: { entries: Map<string, unknown> } }).refusedTokens;
    expect([...refused.entries.keys()]).toEqual([tokenCacheKey("bad-secret-value")]);
    expect([...refused.entries.keys()].join()).not.toContain("bad-secret-value");
  });
});

describe("KubeAuth.authorize", () => {
  it("sends a SubjectAccessReview about the install namespace", async () => {
    const { auth, reviewAccess } = setup();
    const user: ApiUser = { ...alice, uid: "u1", extra: { scope: ["x"] } };
    await expect(
      auth.authorize(user, { verb: "update", resource: "incidents", subresource: "approval", name: "INC-1" }),
    ).resolves.toEqual({ allowed: true, reason: "RBAC: fake" });
    expect(reviewAccess).toHaveBeenCalledWith({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: "alice",
        uid: "u1",
        groups: alice.groups,
        extra: { scope: ["x"] },
        resourceAttributes: {
          namespace: NS,
          verb: "update",
          group: "kubefix.io",
          resource: "incidents",
          subresource: "approval",
          name: "INC-1",
        },
      },
    });
  });

  it("asks about the core group when the check says so", async () => {
    const { auth, reviewAccess } = setup();
    await auth.authorize(alice, { verb: "update", resource: "configmaps", group: "", name: "kubefix-config" });
    expect(reviewAccess.mock.calls[0]![0].spec.resourceAttributes).toEqual({
      namespace: NS,
      verb: "update",
      group: "",
      resource: "configmaps",
      name: "kubefix-config",
    });
  });

  it.each<[string, V1SubjectAccessReview, boolean]>([
    ["allowed", accessAnswer(true), true],
    ["not allowed", accessAnswer(false), false],
    ["no status", { spec: {} }, false],
    ["an evaluation error without a decision", { spec: {}, status: { allowed: false, evaluationError: "boom" } }, false],
  ])("answers %s as allowed=%s", async (_name, answer, allowed) => {
    const { auth } = setup({ reviewAccess: () => Promise.resolve(answer) });
    const decision = await auth.authorize(alice, listIncidents);
    expect(decision.allowed).toBe(allowed);
  });

  it.each<[string, ApiUser, number, number]>([
    ["an allowed check, within the TTL", alice, 9_999, 1],
    ["an allowed check, at the TTL", alice, 10_000, 2],
    ["a denied check, within the negative TTL", { username: "bob", groups: [] }, 1_999, 1],
    ["a denied check, at the negative TTL", { username: "bob", groups: [] }, 2_000, 2],
  ])("caches %s", async (_name, user, elapsed, calls) => {
    const { auth, clock, reviewAccess } = setup();
    const first = await auth.authorize(user, listIncidents);
    clock.advance(elapsed);
    await expect(auth.authorize(user, listIncidents)).resolves.toEqual(first);
    expect(reviewAccess).toHaveBeenCalledTimes(calls);
  });

  it("asks again for other groups, verbs and names", async () => {
    const { auth, reviewAccess } = setup();
    await auth.authorize(alice, listIncidents);
    await auth.authorize({ ...alice, groups: ["ops"] }, listIncidents);
    await auth.authorize(alice, { ...listIncidents, verb: "watch" });
    await auth.authorize(alice, { verb: "get", resource: "incidents", name: "INC-1" });
    await auth.authorize(alice, { verb: "get", resource: "incidents", name: "INC-2" });
    await auth.authorize(alice, listIncidents);
    expect(reviewAccess).toHaveBeenCalledTimes(5);
  });

  it("shares one in-flight review among concurrent identical checks", async () => {
    const answer = deferred<V1SubjectAccessReview>();
    const reviewAccess = vi.fn(() => answer.promise);
    const { auth } = setup({ reviewAccess });
    const both = Promise.all([auth.authorize(alice, listIncidents), auth.authorize(alice, listIncidents)]);
    answer.resolve(accessAnswer(true));
    await expect(both).resolves.toEqual([{ allowed: true }, { allowed: true }]);
    expect(reviewAccess).toHaveBeenCalledTimes(1);
  });
});

describe("KubeAuth when the apiserver fails", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6443"), { code: "ECONNREFUSED" });
  it.each<[string, unknown, number | undefined, boolean]>([
    ["a network error", refused, undefined, true],
    ["a 500", new ApiException(500, "boom", { message: "etcdserver: timeout" }, {}), 500, true],
    ["a 503", new ApiException(503, "unavailable", "", {}), 503, true],
    ["a 429", new ApiException(429, "slow down", "", {}), 429, true],
    ["a 403 to the facade itself", new ApiException(403, "forbidden", { message: "cannot create" }, {}), 403, false],
  ])("surfaces %s as AuthUnavailableError and does not cache it", async (_name, failure, status, retryable) => {
    const reviewToken = vi.fn<(r: V1TokenReview) => Promise<V1TokenReview>>().mockRejectedValueOnce(failure);
    reviewToken.mockResolvedValue(tokenAnswer({ username: "bob", groups: [] }));
    const reviewAccess = vi.fn<(r: V1SubjectAccessReview) => Promise<V1SubjectAccessReview>>();
    reviewAccess.mockRejectedValueOnce(failure).mockResolvedValue(accessAnswer(true));
    const { auth } = setup({ reviewToken, reviewAccess });

    const authnError = await auth.authenticate("t-bob").catch((e: unknown) => e);
    expect(authnError).toBeInstanceOf(AuthUnavailableError);
    expect(authnError).toMatchObject({ review: "TokenReview", status, retryable, cause: failure });
    const authzError = await auth.authorize(alice, listIncidents).catch((e: unknown) => e);
    expect(authzError).toBeInstanceOf(AuthUnavailableError);
    expect(authzError).toMatchObject({ review: "SubjectAccessReview", status, retryable });

    // Same instant: only a cached failure could answer without asking again.
    await expect(auth.authenticate("t-bob")).resolves.toEqual({ username: "bob", groups: [] });
    await expect(auth.authorize(alice, listIncidents)).resolves.toEqual({ allowed: true });
    expect(reviewToken).toHaveBeenCalledTimes(2);
    expect(reviewAccess).toHaveBeenCalledTimes(2);
  });

  it("gives every concurrent caller the error of a shared review", async () => {
    const answer = deferred<V1SubjectAccessReview>();
    const { auth } = setup({ reviewAccess: () => answer.promise });
    const both = Promise.allSettled([auth.authorize(alice, listIncidents), auth.authorize(alice, listIncidents)]);
    answer.reject(new ApiException(500, "boom", "", {}));
    const results = await both;
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AuthUnavailableError);
    }
  });

  it("gives up after timeoutMs and asks again next time", async () => {
    const hang = deferred<V1TokenReview>();
    const reviewToken = vi.fn().mockReturnValueOnce(hang.promise).mockResolvedValue(tokenAnswer(alice));
    const { auth, clock } = setup({ reviewToken, timeoutMs: 3_000 });
    const pending = auth.authenticate("t-alice").catch((e: unknown) => e);
    clock.advance(2_999);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1);
    const err = await pending;
    expect(err).toBeInstanceOf(AuthUnavailableError);
    expect(err).toMatchObject({ status: undefined, retryable: true });
    await expect(auth.authenticate("t-alice")).resolves.toEqual(alice);
    // A late answer of the abandoned review is ignored.
    hang.resolve(tokenAnswer());
    await expect(auth.authenticate("t-alice")).resolves.toEqual(alice);
    expect(reviewToken).toHaveBeenCalledTimes(2);
  });
});
