import type { Clock, TimerHandle } from "../../lib/controller/clock.js";
import { apiErrorMessage, apiStatusCode } from "../../lib/kube/client.js";

export type ReviewKind = "TokenReview" | "SubjectAccessReview";

/**
 * The apiserver could not answer a review, so nobody can be let in. Never
 * cached: the next request asks again.
 */
export class AuthUnavailableError extends Error {
  override readonly name = "AuthUnavailableError";

  constructor(
    readonly review: ReviewKind,
    /** The apiserver's HTTP status, or undefined when it did not answer at all (network, timeout). */
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${review} failed: ${message}`, options);
  }

  /**
   * True when waiting may help (no answer, 429, 5xx): the route layer answers
   * 503. False when the facade itself is refused or misconfigured (its
   * ServiceAccount may not create reviews): a 500 until an operator fixes it.
   */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

export interface ReviewCall<T> {
  review: ReviewKind;
  clock: Clock;
  timeoutMs: number;
  request: () => Promise<T>;
}

/** Runs one review request, turning every failure (and no answer within timeoutMs) into AuthUnavailableError. */
export async function callWithTimeout<T>(call: ReviewCall<T>): Promise<T> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = call.clock.setTimeout(
      () => reject(new AuthUnavailableError(call.review, undefined, `no answer within ${call.timeoutMs} ms`)),
      call.timeoutMs,
    );
  });
  try {
    // The request keeps running after a timeout; race() has subscribed to it, so its late failure is not unhandled.
    return await Promise.race([Promise.resolve().then(call.request), timeout]);
  } catch (err) {
    if (err instanceof AuthUnavailableError) throw err;
    throw new AuthUnavailableError(call.review, apiStatusCode(err), apiErrorMessage(err), { cause: err });
  } finally {
    if (timer) call.clock.clearTimeout(timer);
  }
}
