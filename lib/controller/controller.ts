/**
 * A controller: an informer feeds a keyed work queue, workers call the
 * reconciler with one key at a time, and everything reports under
 * controller-runtime's metric names.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { apiErrorMessage } from "../kube/client.js";
import type { Logger } from "../logger.js";
import {
  reconcileErrorsTotal,
  reconcileTimeSeconds,
  reconcileTotal,
  workqueueAddsTotal,
  workqueueDepth,
  workqueueRetriesTotal,
} from "../metrics.js";
import type { ResilientInformer } from "./informer.js";
import { WorkQueue, type ReconcileResult } from "./work-queue.js";

export interface ControllerOptions<T extends KubernetesObject> {
  name: string;
  informer: ResilientInformer<T>;
  /** Reconciles the object at `namespace/name`; `obj` is the cached copy, undefined once deleted. */
  reconcile: (key: string, obj: T | undefined) => Promise<ReconcileResult>;
  log: Logger;
  concurrency?: number;
}

/** The work-queue key of an object. */
export const keyOf = (obj: KubernetesObject): string => `${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}`;

export class Controller<T extends KubernetesObject> {
  readonly queue: WorkQueue;

  constructor(private readonly opts: ControllerOptions<T>) {
    const name = opts.name;
    this.queue = new WorkQueue({
      name,
      onAdd: () => workqueueAddsTotal.inc({ name }),
      onRetry: () => workqueueRetriesTotal.inc({ name }),
      onDepthChange: (depth) => workqueueDepth.set({ name }, depth),
      onProcessed: (_key, seconds, outcome) => {
        reconcileTimeSeconds.observe({ controller: name }, seconds);
        reconcileTotal.inc({ controller: name, result: outcome });
        if (outcome === "error") reconcileErrorsTotal.inc({ controller: name });
      },
    });
    opts.informer.on((_event, obj) => this.queue.add(keyOf(obj)));
  }

  /** Starts the informer, waits for its cache, then starts the workers. */
  async start(): Promise<void> {
    await this.opts.informer.start();
    this.queue.run((key) => this.handle(key), this.opts.concurrency ?? 2);
    this.opts.log.info({ controller: this.opts.name }, "controller started");
  }

  /** Stops taking work, lets running reconciles finish, stops the informer. */
  async stop(): Promise<void> {
    await this.queue.shutdown();
    await this.opts.informer.stop();
  }

  private async handle(key: string): Promise<ReconcileResult> {
    const [namespace, name] = key.split("/");
    const obj = this.opts.informer.get(name ?? "", namespace || undefined);
    try {
      return await this.opts.reconcile(key, obj);
    } catch (err) {
      this.opts.log.warn({ controller: this.opts.name, key, error: apiErrorMessage(err) }, "reconcile failed; will retry");
      throw err;
    }
  }
}
