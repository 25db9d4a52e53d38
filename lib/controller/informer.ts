/**
 * An informer that keeps going. client-node's ListWatch resumes from the
 * last resourceVersion and re-lists on 410 Gone, but on any other error it
 * reports once and stops for good; this wrapper restarts it with capped
 * exponential backoff and says when the cache has synced.
 */
import {
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { apiErrorMessage } from "../kube/client.js";
import { componentLogger } from "../logger.js";
import { exponentialBackoff, type BackoffOptions } from "./backoff.js";
import { systemClock, type Clock, type TimerHandle } from "./clock.js";

const log = componentLogger("informer");

export type InformerEvent = "add" | "update" | "delete";

export interface InformerOptions<T extends KubernetesObject> {
  kc: KubeConfig;
  /** Watch path, e.g. `/apis/kubefix.io/v1alpha1/namespaces/ns/incidents`. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  /** For logs. */
  name: string;
  clock?: Clock;
  backoff?: BackoffOptions;
}

type Listener<T> = (event: InformerEvent, obj: T) => void;

/** A watch-fed cache of one kind that restarts itself after errors. */
export class ResilientInformer<T extends KubernetesObject> {
  private readonly inner: ReturnType<typeof makeInformer<T>>;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly listeners: Listener<T>[] = [];
  private failures = 0;
  private restartTimer: TimerHandle | undefined;
  private stopped = true;
  private synced = false;
  private syncWaiters: (() => void)[] = [];

  constructor(private readonly opts: InformerOptions<T>) {
    this.inner = makeInformer<T>(opts.kc, opts.path, opts.list, opts.labelSelector);
    this.clock = opts.clock ?? systemClock;
    this.backoff = opts.backoff ?? { baseMs: 500, maxMs: 30_000 };
    for (const event of ["add", "update", "delete"] as const) {
      this.inner.on(event, (obj: T) => this.emit(event, obj));
    }
    this.inner.on("error", (err: unknown) => this.onError(err));
  }

  /** Registers a listener for adds, updates and deletes. */
  on(listener: Listener<T>): void {
    this.listeners.push(listener);
  }

  /** True once a list has completed and the watch is running. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** Number of restarts since the last successful sync. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Starts list and watch; resolves when the first list is in the cache. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
    await this.waitForSync();
  }

  /** Stops the watch and any pending restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.inner.stop();
  }

  /** Every cached object, or those of one namespace. */
  list(namespace?: string): readonly T[] {
    return this.inner.list(namespace);
  }

  /** One cached object. */
  get(name: string, namespace?: string): T | undefined {
    return this.inner.get(name, namespace);
  }

  private waitForSync(): Promise<void> {
    if (this.synced || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  private async connect(): Promise<void> {
    let failed = false;
    const onFail = (): void => {
      failed = true;
    };
    this.inner.on("error", onFail);
    await this.inner.start();
    this.inner.off("error", onFail);
    if (!failed && !this.stopped) this.markSynced();
  }

  private markSynced(): void {
    if (this.failures > 0) log.info({ informer: this.opts.name }, "watch re-established");
    this.failures = 0;
    this.synced = true;
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }

  private emit(event: InformerEvent, obj: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event, obj);
      } catch (err) {
        log.error({ informer: this.opts.name, err }, "informer listener threw");
      }
    }
  }

  private onError(err: unknown): void {
    if (this.stopped || this.restartTimer) return;
    this.failures += 1;
    const delay = exponentialBackoff(this.failures - 1, this.backoff);
    log.warn(
      { informer: this.opts.name, error: apiErrorMessage(err), retryInMs: delay, failures: this.failures },
      "list/watch failed; restarting",
    );
    this.restartTimer = this.clock.setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopped) this.connect().catch((error: unknown) => this.onError(error));
    }, delay);
  }
}
