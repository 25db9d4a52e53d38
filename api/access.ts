/**
 * Authentication and authorization of every route that is not in
 * OPEN_ROUTES: the bearer token goes to TokenReview, the action to
 * SubjectAccessReview against the resource the route touches (declared in
 * the route's `config.access`). Default deny: a route that declares no
 * access and is not listed as open makes the app fail to start.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { AccessCheck, AccessControl, ApiUser } from "./deps.js";
import { ApiError } from "./envelope.js";
import { UNLIMITED_ROUTES, type Limiters } from "./rate-limits.js";

type AccessRule = AccessCheck | AccessCheck[] | ((request: FastifyRequest) => AccessCheck | AccessCheck[]);

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The access a route needs. Every route declares it unless its URL is in
     * OPEN_ROUTES; an empty list still requires a token the cluster accepts.
     */
    access?: AccessRule;
  }
  interface FastifyRequest {
    user?: ApiUser;
  }
}

/**
 * The only routes served without a token. An entry ending in `/*` covers
 * everything below it (the Swagger UI's assets). Nothing under `/api` is here.
 */
export const OPEN_ROUTES: readonly string[] = ["/healthz", "/readyz", "/metrics", "/docs", "/docs/*"];

/** True when `url` (a route's URL pattern) is listed in `open`. */
export function isOpenRoute(url: string, open: readonly string[] = OPEN_ROUTES): boolean {
  return open.some((entry) => (entry.endsWith("/*") ? url.startsWith(entry.slice(0, -1)) : url === entry));
}

/** Thrown at start-up for a route that declares no access and is not listed as open. */
export class UnguardedRouteError extends Error {
  constructor(method: string, url: string) {
    super(`route ${method} ${url} declares no config.access and is not in OPEN_ROUTES (api/access.ts): every route is authenticated unless listed as open`);
    this.name = "UnguardedRouteError";
  }
}

/** Throws UnguardedRouteError unless the route declares access or is listed as open. */
export function checkRouteGuarded(route: Pick<RouteOptions, "method" | "url" | "config">, open: readonly string[] = OPEN_ROUTES): void {
  if (route.config?.access !== undefined || isOpenRoute(route.url, open)) return;
  throw new UnguardedRouteError(String(route.method), route.url);
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

const checksOf = (request: FastifyRequest, access: AccessRule): AccessCheck[] => {
  const checks = typeof access === "function" ? access(request) : access;
  return Array.isArray(checks) ? checks : [checks];
};

/** Throws FORBIDDEN unless the signed-in caller may do every one of `checks`. */
export async function requireAccess(access: AccessControl, request: FastifyRequest, checks: AccessCheck[]): Promise<ApiUser> {
  const user = request.user;
  if (!user) throw new ApiError("UNAUTHORIZED", "unauthorized");
  for (const check of checks) {
    const verdict = await access.authorize(user, check);
    if (!verdict.allowed) throw new ApiError("FORBIDDEN", "forbidden");
  }
  return user;
}

/**
 * Installs the start-up check and the hooks. They run on request, before the
 * body is read, so a caller without rights never gets a large body parsed;
 * the per-client limit comes first, so a flood costs no TokenReview.
 */
export function installAccessHook(app: FastifyInstance, access: AccessControl, limits: Limiters): void {
  app.decorateRequest("user", undefined);
  app.addHook("onRoute", (route) => checkRouteGuarded(route));
  app.addHook("onRequest", async (request, reply) => {
    if (UNLIMITED_ROUTES.includes(request.routeOptions.url ?? "")) return;
    await limits.client(request, reply);
  });
  app.addHook("onRequest", async (request, reply) => {
    // Only open routes (checked at start-up) and unknown paths (answered 404) have no rule.
    const rule = request.routeOptions.config.access;
    if (rule === undefined) return;
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw new ApiError("UNAUTHORIZED", "unauthorized");
    await limits.refusedTokensLeft(request, reply);
    const user = await access.authenticate(token);
    if (!user) {
      await limits.tokenRefused(request);
      throw new ApiError("UNAUTHORIZED", "unauthorized");
    }
    request.user = user;
    await limits.user(request, reply);
    await requireAccess(access, request, checksOf(request, rule));
  });
}
