import type { V1EndpointSlice } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { diagnoseWithRules } from "../rule-engine.js";
import { evidenceFixture, T0 } from "../test-fixtures.js";
import { endpointSliceFixture, serviceFixture } from "../test-objects.js";
import { detectServiceNoEndpoints } from "./service-no-endpoints.js";

/** The slice the EndpointSlice controller writes for a selector that matches no pod: `endpoints` is null on the wire. */
function emptySlice(service: string): V1EndpointSlice {
  return { ...endpointSliceFixture(service, 0, 0), endpoints: null as unknown as V1EndpointSlice["endpoints"] };
}

describe("detectServiceNoEndpoints", () => {
  const target = { kind: "Service" as const, name: "checkout", namespace: "production" };
  const evidence = evidenceFixture(target, { service: serviceFixture("checkout", { app: "nobody" }), endpointSlices: [emptySlice("checkout")] });

  it("reads a slice whose endpoints are null as a slice without endpoints", () => {
    expect(detectServiceNoEndpoints(evidence)).toMatchObject({ mode: "service_no_endpoints", confidence: 0.85 });
  });

  it("lets the engine diagnose such a Service instead of throwing", () => {
    expect(diagnoseWithRules(evidence, { now: T0 })).toMatchObject({ mode: "service_no_endpoints" });
  });
});
