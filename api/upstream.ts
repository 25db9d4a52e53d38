/** Calls to the apiserver made while a client waits: bounded in time, so a stalled apiserver is a 503, not a hang. */

/** How long a request may wait for the apiserver. */
export const UPSTREAM_TIMEOUT_MS = 10_000;

export class UpstreamTimeoutError extends Error {
  constructor(what: string) {
    super(`${what}: the apiserver did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`);
    this.name = "UpstreamTimeoutError";
  }
}

/** Resolves as `call` does, or rejects with UpstreamTimeoutError once the time is up. */
export function bounded<T>(what: string, call: Promise<T>, ms = UPSTREAM_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new UpstreamTimeoutError(what)), ms);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
