/**
 * Kubernetes-native auth of the REST facade: the apiserver says who a bearer
 * token belongs to (TokenReview) and whether that user may do an action on a
 * kubefix resource (SubjectAccessReview), and both answers are cached briefly.
 */
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  type KubeConfig,
  type V1SubjectAccessReview,
  type V1TokenReview,
  type V1UserInfo,
} from "@kubernetes/client-node";
import { systemClock, type Clock } from "../../lib/controller/clock.js";
import { accessCacheKey, checkGroup, tokenCacheKey } from "./auth-keys.js";
import { callWithTimeout } from "./auth-unavailable.js";
import { ExpiringCache } from "./expiring-cache.js";

export { accessCacheKey, bearerToken, tokenCacheKey } from "./auth-keys.js";
export { AuthUnavailableError, type ReviewKind } from "./auth-unavailable.js";

/** The caller of a facade request, as the apiserver identified it. */
export interface ApiUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** One action on a resource of the install namespace, as RBAC sees it. */
export interface AccessCheck {
  verb: string;
  resource: string;
  /** Defaults to "kubefix.io"; "" is the core group (configmaps, secrets). */
  group?: string;
  subresource?: string;
  name?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason?: string;
}

export interface KubeAuthOptions {
  kc: KubeConfig;
  /** The install namespace: every access check is about a resource in it. */
  namespace: string;
  clock?: Clock;
  /** How long a positive answer is reused (default 10 s); also the revocation latency. */
  ttlMs?: number;
  /** How long a negative answer is reused (default 2 s), short so that a new RoleBinding works quickly. */
  negativeTtlMs?: number;
  /** Bound of each cache (default 10 000); the oldest entry goes first. */
  maxEntries?: number;
  /**
   * Bound of the cache of refused tokens (default 10 000), kept apart so that a
   * flood of random tokens never pushes accepted ones out of theirs.
   */
  maxRefusedTokens?: number;
  /** How long to wait for the apiserver before answering AuthUnavailableError (default 5 s). */
  timeoutMs?: number;
  /** Audiences a token must be issued for; the apiserver's own by default. */
  audiences?: string[];
  /** Replaces the TokenReview call (tests). */
  reviewToken?: (review: V1TokenReview) => Promise<V1TokenReview>;
  /** Replaces the SubjectAccessReview call (tests). */
  reviewAccess?: (review: V1SubjectAccessReview) => Promise<V1SubjectAccessReview>;
}

/** Authenticates bearer tokens and authorizes actions through the apiserver, with short-lived caches. */
export class KubeAuth {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly users: ExpiringCache<ApiUser | undefined>;
  /** SHA-256 keys of tokens the apiserver refused, never the tokens. */
  private readonly refusedTokens: ExpiringCache<true>;
  private readonly decisions: ExpiringCache<AccessDecision>;
  private readonly reviewToken: (review: V1TokenReview) => Promise<V1TokenReview>;
  private readonly reviewAccess: (review: V1SubjectAccessReview) => Promise<V1SubjectAccessReview>;

  constructor(private readonly opts: KubeAuthOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    const ttlMs = opts.ttlMs ?? 10_000;
    const negativeTtlMs = opts.negativeTtlMs ?? 2_000;
    const maxEntries = opts.maxEntries ?? 10_000;
    const clock = this.clock;
    // Refusals live only in refusedTokens: a refused load returns undefined, which users never stores.
    this.users = new ExpiringCache({ clock, maxEntries, ttlOf: (user) => (user ? ttlMs : 0) });
    this.refusedTokens = new ExpiringCache({ clock, maxEntries: opts.maxRefusedTokens ?? 10_000, ttlOf: () => negativeTtlMs });
    this.decisions = new ExpiringCache({ clock, maxEntries, ttlOf: (d) => (d.allowed ? ttlMs : negativeTtlMs) });
    this.reviewToken = opts.reviewToken ?? defaultTokenReview(opts.kc);
    this.reviewAccess = opts.reviewAccess ?? defaultAccessReview(opts.kc);
  }

  /** The user a bearer token belongs to, or undefined when the apiserver does not accept the token. */
  authenticate(token: string): Promise<ApiUser | undefined> {
    if (token === "") return Promise.resolve(undefined);
    const key = tokenCacheKey(token);
    if (this.refusedTokens.peek(key)) return Promise.resolve(undefined);
    return this.users.get(key, async () => {
      const user = await this.reviewOf(token);
      if (!user) this.refusedTokens.set(key, true);
      return user;
    });
  }

  private async reviewOf(token: string): Promise<ApiUser | undefined> {
    const spec = { token, ...(this.opts.audiences ? { audiences: this.opts.audiences } : {}) };
    const review = await callWithTimeout({
      review: "TokenReview",
      clock: this.clock,
      timeoutMs: this.timeoutMs,
      request: () => this.reviewToken({ apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec }),
    });
    return review.status?.authenticated === true ? toApiUser(review.status.user) : undefined;
  }

  /** Whether `user` may do `check` on a resource of the install namespace. */
  authorize(user: ApiUser, check: AccessCheck): Promise<AccessDecision> {
    return this.decisions.get(accessCacheKey(user, check), async () => {
      const review = await callWithTimeout({
        review: "SubjectAccessReview",
        clock: this.clock,
        timeoutMs: this.timeoutMs,
        request: () => this.reviewAccess(this.accessReview(user, check)),
      });
      return toDecision(review);
    });
  }

  private accessReview(user: ApiUser, check: AccessCheck): V1SubjectAccessReview {
    return {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: user.username,
        groups: user.groups,
        ...(user.uid ? { uid: user.uid } : {}),
        ...(user.extra ? { extra: user.extra } : {}),
        resourceAttributes: {
          namespace: this.opts.namespace,
          verb: check.verb,
          group: checkGroup(check),
          resource: check.resource,
          ...(check.subresource ? { subresource: check.subresource } : {}),
          ...(check.name ? { name: check.name } : {}),
        },
      },
    };
  }
}

function defaultTokenReview(kc: KubeConfig): (review: V1TokenReview) => Promise<V1TokenReview> {
  const api = kc.makeApiClient(AuthenticationV1Api);
  return (body) => api.createTokenReview({ body });
}

function defaultAccessReview(kc: KubeConfig): (review: V1SubjectAccessReview) => Promise<V1SubjectAccessReview> {
  const api = kc.makeApiClient(AuthorizationV1Api);
  return (body) => api.createSubjectAccessReview({ body });
}

function toApiUser(info: V1UserInfo | undefined): ApiUser | undefined {
  if (!info?.username) return undefined;
  return {
    username: info.username,
    groups: info.groups ?? [],
    ...(info.uid ? { uid: info.uid } : {}),
    ...(info.extra ? { extra: info.extra } : {}),
  };
}

function toDecision(review: V1SubjectAccessReview): AccessDecision {
  // `denied` only matters to chained authorizers; anything short of an explicit allow is a refusal.
  const allowed = review.status?.allowed === true;
  const reason = review.status?.reason || review.status?.evaluationError;
  return reason ? { allowed, reason } : { allowed };
}
