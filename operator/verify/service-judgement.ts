/** Pure judgement of a Service: ready endpoints behind it, and the pods it selects healthy. */
import type { V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import { replicaProblems, type JudgeClock } from "./pod-judgement.js";
import { healthy, unhealthy, type Health } from "./types.js";

/** Endpoints of the slices that are ready (a missing ready condition means ready, as EndpointSlice documents). */
export function readyEndpoints(slices: readonly V1EndpointSlice[]): number {
  return slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false && e.addresses.length > 0).length;
}

/** Judges a Service from its EndpointSlices and the live pods its selector picks. */
export function serviceHealth(service: V1Service, slices: readonly V1EndpointSlice[], selected: readonly V1Pod[], clock: JudgeClock): Health {
  const name = service.metadata?.name ?? "?";
  if (service.spec?.type === "ExternalName") return unhealthy(`service ${name} is an ExternalName: nothing in the cluster to verify`);
  const ready = readyEndpoints(slices);
  if (ready === 0) return unhealthy(`service ${name} has no ready endpoints`);
  const problems = replicaProblems(selected, clock);
  if (problems.length > 0) return unhealthy(`service ${name}: ${problems.join("; ")}`);
  return healthy(`service ${name} has ${ready} ready endpoints`);
}
