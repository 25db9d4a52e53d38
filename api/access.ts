/**
 * Authentication and authorization of every non-open route: the bearer
 * token goes to TokenReview, the action to SubjectAccessReview against the
 * resource the route touches (declared in the route's `config.access`).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AccessCheck, AccessControl, ApiUser } from "./deps.js";
import { ApiError } from "./envelope.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The access a route needs; routes without it are open. */
    access?: AccessCheck | ((request: FastifyRequest) => AccessCheck | AccessCheck[]);
  }
  interface FastifyRequest {
    user?: ApiUser;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

const checksOf = (request: FastifyRequest): AccessCheck[] => {
  const access = request.routeOptions.config.access;
  if (!access) return [];
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
 * Installs the hook. It runs on request, before the body is read, so a
 * caller without rights never gets a large body parsed.
 */
export function installAccessHook(app: FastifyInstance, access: AccessControl): void {
  app.decorateRequest("user", undefined);
  app.addHook("onRequest", async (request) => {
    const checks = checksOf(request);
    if (checks.length === 0) return;
    const token = bearerTokenOf(request.headers.authorization);
    const user = token ? await access.authenticate(token) : undefined;
    if (!user) throw new ApiError("UNAUTHORIZED", "unauthorized");
    request.user = user;
    await requireAccess(access, request, checks);
  });
}
