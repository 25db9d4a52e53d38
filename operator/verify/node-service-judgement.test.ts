import type { V1EndpointSlice, V1Node, V1Pod, V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { CLOCK, node, pod, slice } from "../../test/fixtures/verify-objects.js";
import { nodeHealth, pressureGone } from "./node-judgement.js";
import { readyEndpoints, serviceHealth } from "./service-judgement.js";

describe("nodeHealth", () => {
  it.each<[string, V1Node, boolean, RegExp]>([
    ["Ready, no pressure", node("n1"), true, /n1 is Ready without resource pressure/],
    ["Ready=False", node("n1", { Ready: "False" }), false, /not Ready/],
    ["Ready=Unknown", node("n1", { Ready: "Unknown" }), false, /not Ready/],
    ["no conditions", { metadata: { name: "n1" } }, false, /not Ready: no Ready condition/],
    ["MemoryPressure=True", node("n1", { MemoryPressure: "True" }), false, /n1 reports MemoryPressure=True/],
    ["DiskPressure=True", node("n1", { DiskPressure: "True" }), false, /DiskPressure=True/],
    ["PIDPressure=True", node("n1", { PIDPressure: "True" }), false, /PIDPressure=True/],
    ["two pressures", node("n1", { MemoryPressure: "True", DiskPressure: "True" }), false, /MemoryPressure=True, DiskPressure=True/],
  ])("%s", (_name, n, healthy, message) => {
    const health = nodeHealth(n);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });
});

describe("pressureGone (the eviction cause)", () => {
  it.each<[string, V1Node, boolean]>([
    ["no pressure", node("n1"), true],
    ["memory pressure still there", node("n1", { MemoryPressure: "True" }), false],
    ["disk pressure still there", node("n1", { DiskPressure: "True" }), false],
    ["pressure Unknown: the node stopped reporting", node("n1", { MemoryPressure: "Unknown" }), false],
    ["not Ready but no pressure: the cause is gone", node("n1", { Ready: "False" }), true],
  ])("%s", (_name, n, healthy) => {
    expect(pressureGone(n).healthy).toBe(healthy);
  });
});

describe("serviceHealth", () => {
  const svc = (type = "ClusterIP"): V1Service => ({ metadata: { name: "web" }, spec: { type, selector: { app: "web" } } });
  it.each<[string, V1Service, V1EndpointSlice[], V1Pod[], boolean, RegExp]>([
    ["ready endpoints, healthy pods", svc(), [slice("web", [true, undefined])], [pod("a"), pod("b")], true, /2 ready endpoints/],
    ["no slices", svc(), [], [pod("a")], false, /no ready endpoints/],
    ["only not-ready endpoints", svc(), [slice("web", [false, false])], [pod("a")], false, /no ready endpoints/],
    ["a selected pod crash-looping (a canary behind the service)", svc(), [slice("web", [true])], [pod("a"), pod("canary", { ready: false, waiting: "CrashLoopBackOff" })], false, /canary: app CrashLoopBackOff/],
    ["an ExternalName service", svc("ExternalName"), [], [], false, /ExternalName/],
  ])("%s", (_name, s, slices, pods, healthy, message) => {
    const health = serviceHealth(s, slices, pods, CLOCK);
    expect(health.healthy).toBe(healthy);
    expect(health.message).toMatch(message);
  });

  it("counts endpoints without addresses as nothing", () => {
    expect(readyEndpoints([{ addressType: "IPv4", endpoints: [{ addresses: [] }, { addresses: ["10.0.0.1"] }] }])).toBe(1);
  });
});
