/** Pure helpers of facade auth: reading the bearer token and naming cache entries. */
import { createHash } from "node:crypto";
import { GROUP } from "../../crds/common.js";
import type { AccessCheck, ApiUser } from "./kube-auth.js";

// RFC 6750: the scheme is case-insensitive and the token is one run of non-space characters.
const BEARER = /^bearer[ \t]+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined for a missing or malformed one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  return BEARER.exec(header.trim())?.[1];
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The cache key of a token: its SHA-256, so no raw token is ever kept in memory longer than a request. */
export function tokenCacheKey(token: string): string {
  return sha256(`token\0${token}`);
}

/** The API group an access check refers to: kubefix's own unless the check names another ("" is core). */
export function checkGroup(check: AccessCheck): string {
  return check.group ?? GROUP;
}

/**
 * The cache key of one access decision: everything the authorizer sees, in a
 * canonical order (group order and extra-value order do not change a decision).
 */
export function accessCacheKey(user: ApiUser, check: AccessCheck): string {
  const extra = Object.entries(user.extra ?? {})
    .map(([k, values]) => [k, [...values].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(
    JSON.stringify([
      user.username,
      user.uid ?? "",
      [...user.groups].sort(),
      extra,
      check.verb,
      checkGroup(check),
      check.resource,
      check.subresource ?? "",
      check.name ?? "",
    ]),
  );
}
