/**
 * Rate limits of the facade, through @fastify/rate-limit's manual limiters
 * so that the access hook decides where each one runs: per client address
 * before authentication, refused tokens per client before a TokenReview is
 * sent, and per user after authentication. A refusal is the documented
 * envelope with 429 `RATE_LIMITED` and a Retry-After header.
 */
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./envelope.js";
import type { MessageKey } from "./messages.js";

export interface Limit {
  /** Requests allowed per window; 0 disables the limit. */
  max: number;
  windowMs: number;
}

export interface RateLimits {
  /** Every request from one client address (IPv6: its /64), authenticated or not. */
  perClient: Limit;
  /** Refused bearer tokens from one client address: each costs the apiserver a TokenReview. */
  refusedTokensPerClient: Limit;
  /** Every request of one authenticated user, from wherever it comes. */
  perUser: Limit;
}

/**
 * The defaults: room for a busy dashboard (a page is a handful of requests)
 * and for scripts, far below what would hurt the apiserver. A random-token
 * flood from one address costs at most 60 TokenReviews a minute.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perClient: { max: 1200, windowMs: 60_000 },
  refusedTokensPerClient: { max: 60, windowMs: 60_000 },
  perUser: { max: 600, windowMs: 60_000 },
};

/**
 * Never limited: kubelet probes and Prometheus scrapes come from a few
 * addresses, answer from memory, and a probe refused with 429 would get a
 * healthy pod restarted.
 */
export const UNLIMITED_ROUTES: readonly string[] = ["/healthz", "/readyz", "/metrics"];

interface LimitState {
  isAllowed: boolean;
  isExceeded?: boolean;
  remaining?: number;
  ttlInSeconds?: number;
}
type Check = (request: FastifyRequest, opts?: { increment?: boolean }) => Promise<LimitState>;

/** The three limiters; each throws RATE_LIMITED (after setting Retry-After) when its budget is spent. */
export interface Limiters {
  /** Counts the request against its client address. */
  client(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Refuses, without counting, a client that has spent its budget of refused tokens. */
  refusedTokensLeft(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one refused token against the client address. */
  tokenRefused(request: FastifyRequest): Promise<void>;
  /** Counts the request against its authenticated user. */
  user(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

// A counted request is over budget once the count is past max; a peek (nothing counted) once it has reached max.
const spent = (limit: LimitState, increment: boolean): boolean =>
  !limit.isAllowed && (increment ? limit.isExceeded === true : limit.remaining === 0);

function enforce(check: Check | undefined, key: MessageKey, increment = true): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    if (!check) return;
    const limit = await check(request, { increment });
    if (!spent(limit, increment)) return;
    void reply.header("retry-after", String(Math.max(1, limit.ttlInSeconds ?? 1)));
    throw new ApiError("RATE_LIMITED", key);
  };
}

/** Registers the plugin (no global limit) and builds the limiters from `limits`. */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<Limiters> {
  await app.register(fastifyRateLimit, { global: false });
  const limiter = (limit: Limit, keyOf?: (request: FastifyRequest) => string): Check | undefined =>
    limit.max > 0 ? app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, ...(keyOf ? { keyGenerator: keyOf } : {}) }) : undefined;
  const perClient = limiter(limits.perClient);
  const refused = limiter(limits.refusedTokensPerClient);
  const perUser = limiter(limits.perUser, (request) => `user\0${request.user?.username ?? ""}`);
  return {
    client: enforce(perClient, "rateLimitedClient"),
    refusedTokensLeft: enforce(refused, "rateLimitedTokens", false),
    tokenRefused: async (request) => {
      if (refused) await refused(request);
    },
    user: enforce(perUser, "rateLimitedUser"),
  };
}
