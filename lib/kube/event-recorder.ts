/**
 * Kubernetes Events on kubefix's resources, so `kubectl describe incident`
 * shows what the operator did. Repeats of the same event on the same object
 * within ten minutes raise the count of the first one instead of piling up,
 * as the kubelet's recorder does. Recording never fails a reconcile.
 */
import { randomBytes } from "node:crypto";
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
} from "@kubernetes/client-node";
import { componentLogger } from "../logger.js";
import type { Resource } from "../resources.js";
import { apiErrorMessage, isApiStatus } from "./client.js";

const log = componentLogger("events");
const AGGREGATE_WINDOW_MS = 10 * 60_000;
const MAX_TRACKED = 4096;
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export type EventType = "Normal" | "Warning";

interface Tracked {
  name: string;
  namespace: string;
  count: number;
  last: number;
}

/** Records Events with one component name (e.g. "kubefix-operator"). */
export class EventRecorder {
  private readonly api: CoreV1Api;
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    kc: KubeConfig,
    private readonly component: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.api = kc.makeApiClient(CoreV1Api);
  }

  /** Records `reason`/`message` on `obj`; logs and swallows API errors. */
  async record(obj: Resource<unknown, unknown>, type: EventType, reason: string, message: string): Promise<void> {
    const key = `${obj.metadata.uid ?? obj.metadata.name}/${type}/${reason}/${message}`;
    try {
      const seen = this.tracked.get(key);
      const now = this.now();
      const fresh = seen && now.getTime() - seen.last < AGGREGATE_WINDOW_MS;
      const bumped = fresh ? await this.bump(key, seen, now) : false;
      if (!bumped) await this.create(key, obj, { type, reason, message }, now);
    } catch (err) {
      log.warn({ reason, object: obj.metadata.name, error: apiErrorMessage(err) }, "could not record event");
    }
  }

  private async create(
    key: string,
    obj: Resource<unknown, unknown>,
    what: { type: EventType; reason: string; message: string },
    now: Date,
  ): Promise<void> {
    const namespace = obj.metadata.namespace ?? "default";
    const name = `${obj.metadata.name ?? "object"}.${randomBytes(8).toString("hex")}`;
    const body: CoreV1Event = {
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      type: what.type,
      reason: what.reason,
      message: what.message.slice(0, 1024),
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: process.env.HOSTNAME ?? this.component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    await this.api.createNamespacedEvent({ namespace, body });
    if (this.tracked.size >= MAX_TRACKED) this.tracked.delete(this.tracked.keys().next().value!);
    this.tracked.set(key, { name, namespace, count: 1, last: now.getTime() });
  }

  /** Raises the count of a recorded event; false when it is gone (expired by the apiserver's TTL). */
  private async bump(key: string, seen: Tracked, now: Date): Promise<boolean> {
    const count = seen.count + 1;
    try {
      await this.api.patchNamespacedEvent(
        { name: seen.name, namespace: seen.namespace, body: { count, lastTimestamp: now.toISOString() } },
        mergePatch,
      );
    } catch (err) {
      if (isApiStatus(err, 404)) return false;
      throw err;
    }
    this.tracked.set(key, { ...seen, count, last: now.getTime() });
    return true;
  }
}
