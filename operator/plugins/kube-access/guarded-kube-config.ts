/**
 * The KubeConfig a plugin call gets. Every request made with its
 * credentials passes through `decideRequest` in the request's
 * authentication step (client-node calls it for every typed request, and
 * per-call options cannot skip it the way they can replace middleware):
 * refused requests never leave the process, dry-run requests carry
 * `dryRun=All`, and each request is tied to the call's abort signal, so a
 * timeout or shutdown cancels the HTTP request itself. Raw HTTPS and
 * WebSocket access (watch, log streams, exec) is refused: it bypasses that step.
 */
import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  Observable,
  ServerConfiguration,
  type ApiConstructor,
  type ApiType,
  type HttpLibrary,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from "@kubernetes/client-node";
import { decideRequest, type AccessMode } from "./request-guard.js";
import type { WriteLedger, WriteRecord } from "./write-ledger.js";

/** What a guarded config enforces for one plugin pass. */
export interface GuardOptions {
  mode: AccessMode;
  /** Set on every request: aborting it aborts the request in flight. */
  signal: AbortSignal;
  ledger: WriteLedger;
  /** The writes the dry-run pass got accepted ("write" mode only). */
  proven?: ReadonlySet<string>;
  /** Extra middleware on every client it makes, after the guard (tests record requests with it). */
  middleware?: readonly ObservableMiddleware[];
}

/** Thrown for a request the guard refuses; it was never sent. */
export class RequestRefused extends Error {
  override readonly name = "RequestRefused";
}

export class GuardedKubeConfig extends KubeConfig {
  readonly #inner: KubeConfig;
  readonly #guard: GuardOptions;
  readonly #writes = new WeakMap<RequestContext, WriteRecord>();
  #closed = false;

  constructor(inner: KubeConfig, guard: GuardOptions) {
    super();
    this.loadFromOptions({
      clusters: inner.clusters,
      users: inner.users,
      contexts: inner.contexts,
      currentContext: inner.currentContext,
    });
    this.#inner = inner;
    this.#guard = guard;
  }

  /** Ends the pass: nothing more is sent with this config, whatever the plugin still runs. */
  close(): void {
    this.#closed = true;
  }

  /** A typed client whose requests are guarded, answered writes noted, and `middleware` applied. */
  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error("No active cluster!");
    return new apiClientType(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi: this.answerNoting(new IsomorphicFetchHttpLibrary()),
        middleware: [...(this.#guard.middleware ?? [])],
      }),
    );
  }

  /** Decides the request, then lets the real config add the credentials. */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    if (this.#closed) throw new RequestRefused(`refused ${context.getHttpMethod()} ${context.getUrl()}: the plugin call has ended`);
    const { mode, proven, signal, ledger } = this.#guard;
    const decision = decideRequest(mode, { method: context.getHttpMethod(), url: context.getUrl(), body: context.getBody() }, proven);
    if (!decision.send) throw new RequestRefused(decision.reason);
    context.setUrl(decision.url);
    context.setBody(decision.body as Parameters<RequestContext["setBody"]>[0]);
    context.setSignal(signal);
    // Noted before it is sent: a write that never gets an answer counts as one whose outcome is unknown.
    if (decision.write !== undefined) this.#writes.set(context, ledger.prepared(decision.write));
    await this.#inner.applySecurityAuthentication(context);
  }

  override applyToFetchOptions(_opts?: unknown): Promise<never> {
    return Promise.reject(new RequestRefused("plugins use the typed API clients (makeApiClient); raw requests cannot be guarded"));
  }

  override applyToHTTPSOptions(_opts?: unknown): Promise<never> {
    return Promise.reject(new RequestRefused("plugins use the typed API clients (makeApiClient); raw and WebSocket requests cannot be guarded"));
  }

  private answerNoting(http: HttpLibrary): HttpLibrary {
    return {
      send: (request: RequestContext): Observable<ResponseContext> => {
        const record = this.#writes.get(request);
        const answered = http
          .send(request)
          .toPromise()
          .then((response) => {
            if (record) record.status = response.httpStatusCode;
            return response;
          });
        return new Observable(answered);
      },
    };
  }
}
