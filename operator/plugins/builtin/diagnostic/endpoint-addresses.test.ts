import type { V1Endpoint, V1EndpointSlice } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { endpointAddresses } from "./endpoint-addresses.js";

function slice(...endpoints: V1Endpoint[]): V1EndpointSlice {
  return { addressType: "IPv4", endpoints, metadata: { name: "s" } };
}

const endpoint = (ip: string, ready: boolean | undefined, pod?: string): V1Endpoint => ({
  addresses: [ip],
  conditions: ready === undefined ? {} : { ready },
  ...(pod ? { targetRef: { kind: "Pod", name: pod }, nodeName: "n1" } : {}),
});

describe("endpointAddresses", () => {
  it.each<[string, V1EndpointSlice[], number, number]>([
    ["no slices", [], 0, 0],
    ["an empty slice", [slice()], 0, 0],
    ["ready and not ready", [slice(endpoint("10.0.0.1", true, "a"), endpoint("10.0.0.2", false, "b"))], 1, 1],
    ["an unset ready condition counts as ready", [slice(endpoint("10.0.0.3", undefined))], 1, 0],
    ["an address in two slices counts once", [slice(endpoint("10.0.0.1", true)), slice(endpoint("10.0.0.1", true))], 1, 0],
  ])("%s", (_name, slices, ready, notReady) => {
    const result = endpointAddresses(slices);
    expect(result.ready).toHaveLength(ready);
    expect(result.notReady).toHaveLength(notReady);
  });

  it("names the pod and node behind an address", () => {
    expect(endpointAddresses([slice(endpoint("10.0.0.1", false, "web-1"))]).notReady).toEqual([
      { ip: "10.0.0.1", pod: "web-1", node: "n1" },
    ]);
  });
});
