import type { KubeConfig, V1ConfigMap } from "@kubernetes/client-node";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { InformerEvent } from "../lib/controller/informer.js";
import { OperatorConfig } from "../lib/settings/operator-config.js";
import { OperatorConfigWatch, type ConfigMapSource } from "./config-watch.js";

/** An informer stand-in: events are delivered by `emit`. */
class FakeSource implements ConfigMapSource {
  private listener: ((event: InformerEvent, obj: V1ConfigMap) => void) | undefined;
  started = false;
  on(listener: (event: InformerEvent, obj: V1ConfigMap) => void): void {
    this.listener = listener;
  }
  start(): Promise<void> {
    this.started = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.started = false;
    return Promise.resolve();
  }
  emit(event: InformerEvent, name: string, data: Record<string, string>): void {
    this.listener?.(event, { metadata: { name, namespace: "kf", resourceVersion: "1" }, data });
  }
}

const base = OperatorConfig.parse({ namespace: "kf", policy: { allowedNamespaces: ["default"] } });

function setup(): { source: FakeSource; watch: OperatorConfigWatch; warnings: string[] } {
  const warnings: string[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => void warnings.push(line) });
  const source = new FakeSource();
  const watch = new OperatorConfigWatch({ kc: {} as KubeConfig, base, source, log });
  return { source, watch, warnings };
}

describe("OperatorConfigWatch", () => {
  it("starts from the base configuration", async () => {
    const { source, watch } = setup();
    await watch.start();
    expect(source.started).toBe(true);
    expect(watch.current()).toBe(base);
  });

  it.each<[string, [InformerEvent, string, Record<string, string>][], (c: OperatorConfig) => unknown, unknown]>([
    ["an added ConfigMap", [["add", "kubefix-config", { ALLOWED_NAMESPACES: "shop" }]], (c) => c.policy.allowedNamespaces, ["shop"]],
    [
      "each later update",
      [
        ["add", "kubefix-config", { HOURLY_QUOTA: "3" }],
        ["update", "kubefix-config", { HOURLY_QUOTA: "4" }],
      ],
      (c) => c.policy.hourlyQuota,
      4,
    ],
    [
      "a key removed by an update goes back to the base",
      [
        ["add", "kubefix-config", { HOURLY_QUOTA: "3", MIN_CONFIDENCE: "0.9" }],
        ["update", "kubefix-config", { MIN_CONFIDENCE: "0.9" }],
      ],
      (c) => [c.policy.hourlyQuota, c.minConfidence],
      [10, 0.9],
    ],
    [
      "a deleted ConfigMap goes back to the base",
      [
        ["add", "kubefix-config", { HOURLY_QUOTA: "3" }],
        ["delete", "kubefix-config", { HOURLY_QUOTA: "3" }],
      ],
      (c) => c.policy.hourlyQuota,
      10,
    ],
    ["another ConfigMap is none of its business", [["add", "kubefix-environment-context", { HOURLY_QUOTA: "3" }]], (c) => c.policy.hourlyQuota, 10],
    ["the namespace never changes", [["add", "kubefix-config", { NAMESPACE: "other" }]], (c) => c.namespace, "kf"],
  ])("follows %s", (_name, events, read, expected) => {
    const { source, watch } = setup();
    for (const [event, name, data] of events) source.emit(event, name, data);
    expect(read(watch.current())).toEqual(expected);
  });

  it("ignores a bad value with a warning naming it, and applies the rest", () => {
    const { source, watch, warnings } = setup();
    source.emit("add", "kubefix-config", { MIN_CONFIDENCE: "2", COOLDOWN_SECONDS: "30" });
    expect(watch.current().minConfidence).toBe(base.minConfidence);
    expect(watch.current().policy.cooldownSeconds).toBe(30);
    expect(warnings.join("")).toContain('"key":"MIN_CONFIDENCE"');
  });

  it("keeps the same object when nothing the operator uses changed", () => {
    const { source, watch } = setup();
    source.emit("add", "kubefix-config", { HOURLY_QUOTA: "3" });
    const first = watch.current();
    source.emit("update", "kubefix-config", { HOURLY_QUOTA: "3", LLM_MODEL: "claude-opus" });
    expect(watch.current()).toBe(first);
  });
});
