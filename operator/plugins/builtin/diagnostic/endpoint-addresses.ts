/** The ready and not-ready addresses behind a Service, from its EndpointSlices. */
import type { V1EndpointSlice } from "@kubernetes/client-node";

/** One endpoint address and the pod behind it. */
export interface EndpointAddress {
  ip: string;
  pod?: string;
  node?: string;
}

/** Ready and not-ready addresses, each address once. */
export interface EndpointAddresses {
  ready: EndpointAddress[];
  notReady: EndpointAddress[];
}

/** Splits every slice's endpoints by readiness; an unset ready condition means ready, as the API defines it. */
export function endpointAddresses(slices: readonly V1EndpointSlice[]): EndpointAddresses {
  const result: EndpointAddresses = { ready: [], notReady: [] };
  const seen = new Set<string>();
  for (const endpoint of slices.flatMap((s) => s.endpoints ?? [])) {
    const bucket = endpoint.conditions?.ready === false ? result.notReady : result.ready;
    for (const ip of endpoint.addresses) {
      if (seen.has(ip)) continue;
      seen.add(ip);
      bucket.push({
        ip,
        ...(endpoint.targetRef?.kind === "Pod" && endpoint.targetRef.name ? { pod: endpoint.targetRef.name } : {}),
        ...(endpoint.nodeName ? { node: endpoint.nodeName } : {}),
      });
    }
  }
  return result;
}
