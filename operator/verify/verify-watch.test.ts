import type { KubernetesObject } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { IncidentStatus } from "../../crds/index.js";
import type { InformerEvent } from "../../lib/controller/informer.js";
import { componentLogger } from "../../lib/logger.js";
import type { Incident } from "../../lib/resources.js";
import { incidentFixture } from "../../test/fixtures/resources.js";
import { node, pod } from "../../test/fixtures/verify-objects.js";
import type { Collection } from "./interest.js";
import { VerifyWatch, type CollectionInformer } from "./verify-watch.js";

class FakeInformer implements CollectionInformer {
  started = false;
  stopped = false;
  readonly objects = new Map<string, KubernetesObject>();
  private listener: ((event: InformerEvent, obj: KubernetesObject) => void) | undefined;
  on(listener: (event: InformerEvent, obj: KubernetesObject) => void): void {
    this.listener = listener;
  }
  start(): Promise<void> {
    this.started = true;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
  get(name: string): KubernetesObject | undefined {
    return this.objects.get(name);
  }
  emit(event: InformerEvent, obj: KubernetesObject): void {
    if (event !== "delete") this.objects.set(obj.metadata?.name ?? "", obj);
    this.listener?.(event, obj);
  }
}

class FakeIncidents {
  items: Incident[] = [];
  private listener: ((event: InformerEvent, obj: Incident) => void) | undefined;
  on(listener: (event: InformerEvent, obj: Incident) => void): void {
    this.listener = listener;
  }
  list(): readonly Incident[] {
    return this.items;
  }
  set(items: Incident[]): void {
    this.items = items;
    for (const i of items) this.listener?.("update", i);
  }
}

function incident(seq: number, target: NonNullable<Incident["spec"]["target"]>, status: IncidentStatus = { phase: "verifying" }): Incident {
  const input = incidentFixture(seq, { target });
  return { ...input, metadata: { ...input.metadata, namespace: "kf" }, spec: { ...input.spec, category: "kubernetes", occurrences: 1 }, status };
}

function world(): { watch: VerifyWatch; incidents: FakeIncidents; informers: Map<string, FakeInformer>; woken: string[] } {
  const incidents = new FakeIncidents();
  const informers = new Map<string, FakeInformer>();
  const woken: string[] = [];
  const watch = new VerifyWatch({
    kc: undefined as never,
    incidents,
    wake: (key) => woken.push(key),
    log: componentLogger("test"),
    makeInformer: (c: Collection) => {
      const f = new FakeInformer();
      informers.set(`${c.kind}/${c.namespace ?? ""}`, f);
      return f;
    },
  });
  watch.start();
  return { watch, incidents, informers, woken };
}

const deployment = (selector: Record<string, unknown>): KubernetesObject => ({ metadata: { name: "web", namespace: "shop" }, spec: { selector } } as KubernetesObject);

describe("VerifyWatch", () => {
  it("watches only while an incident verifies, and stops afterwards", () => {
    const { watch, incidents, informers } = world();
    expect(watch.watchedCollections()).toEqual([]);
    incidents.set([incident(1, { kind: "Deployment", name: "web", namespace: "shop" })]);
    expect(watch.watchedCollections()).toEqual(["Deployment/shop", "Pod/shop"]);
    expect(informers.get("Pod/shop")?.started).toBe(true);
    incidents.set([incident(1, { kind: "Deployment", name: "web", namespace: "shop" }, { phase: "resolved" })]);
    expect(watch.watchedCollections()).toEqual([]);
    expect(informers.get("Pod/shop")?.stopped).toBe(true);
  });

  it("wakes the incident for its workload and the pods its full selector picks, not for others", () => {
    const { incidents, informers, woken } = world();
    incidents.set([incident(1, { kind: "Deployment", name: "web", namespace: "shop" }), incident(2, { kind: "Node", name: "n1" })]);
    informers.get("Deployment/shop")!.emit("update", deployment({ matchLabels: { app: "web" }, matchExpressions: [{ key: "track", operator: "In", values: ["stable"] }] }));
    expect(woken).toEqual(["kf/inc-20260115-001"]);
    woken.length = 0;
    informers.get("Pod/shop")!.emit("update", pod("canary", { labels: { app: "web", track: "canary" } }));
    informers.get("Deployment/shop")!.emit("update", { metadata: { name: "other", namespace: "shop" } });
    expect(woken).toEqual([]);
    informers.get("Pod/shop")!.emit("delete", pod("stable-1", { labels: { app: "web", track: "stable" } }));
    expect(woken).toEqual(["kf/inc-20260115-001"]);
  });

  it("a node's heartbeat that changes no condition wakes nobody; a pressure change does", () => {
    const { incidents, informers, woken } = world();
    incidents.set([incident(3, { kind: "Node", name: "n1" })]);
    const nodes = informers.get("Node/")!;
    nodes.emit("add", node("n1", { MemoryPressure: "True" }));
    nodes.emit("update", node("n1", { MemoryPressure: "True" }));
    nodes.emit("update", node("n2", { MemoryPressure: "False" }));
    expect(woken).toEqual(["kf/inc-20260115-003"]);
    nodes.emit("update", node("n1"));
    expect(woken).toEqual(["kf/inc-20260115-003", "kf/inc-20260115-003"]);
  });

  it("a Service incident is woken by its EndpointSlices", () => {
    const { incidents, informers, woken } = world();
    incidents.set([incident(4, { kind: "Service", name: "web", namespace: "shop" })]);
    informers.get("EndpointSlice/shop")!.emit("update", { metadata: { name: "web-x", labels: { "kubernetes.io/service-name": "api" } } });
    expect(woken).toEqual([]);
    informers.get("EndpointSlice/shop")!.emit("update", { metadata: { name: "web-y", labels: { "kubernetes.io/service-name": "web" } } });
    expect(woken).toEqual(["kf/inc-20260115-004"]);
  });

  it("an eviction cleanup watches the evicted pods' node", () => {
    const { watch, incidents } = world();
    const status: IncidentStatus = {
      phase: "verifying",
      diagnosis: { engine: "rules", conclusion: "c", confidence: 0.9, keyFindings: [{ finding: "f", evidence: ["pod b: phase=Failed Ready=False reason=Evicted node=n7"] }], suggestedActions: [], diagnosedAt: "2026-03-01T11:58:00Z" },
      execution: { proposalRevision: 1, startedAt: "2026-03-01T11:59:00Z", steps: [{ index: 0, plugin: "delete_evicted_pods", parameters: { namespace: "shop" }, state: "succeeded" }] },
    };
    incidents.set([incident(5, { kind: "Pod", name: "b", namespace: "shop" }, status)]);
    expect(watch.watchedCollections()).toEqual(["Node/", "Pod/shop"]);
  });

  it("after stop nothing wakes", async () => {
    const { watch, incidents, informers, woken } = world();
    incidents.set([incident(1, { kind: "Pod", name: "p", namespace: "shop" })]);
    const pods = informers.get("Pod/shop")!;
    await watch.stop();
    pods.emit("update", pod("p"));
    expect(woken).toEqual([]);
    expect(pods.stopped).toBe(true);
  });
});
