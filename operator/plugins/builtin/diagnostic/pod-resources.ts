/** What a pod asks of a node: its effective CPU and memory requests and limits. */
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { quantityValue } from "./quantity.js";

/** Cores and bytes. */
export interface CpuMemory {
  cpu: number;
  memory: number;
}

/** A pod's effective requests and limits, as the scheduler counts them. */
export interface PodResources {
  requests: CpuMemory;
  limits: CpuMemory;
}

type Field = "requests" | "limits";

const zero = (): CpuMemory => ({ cpu: 0, memory: 0 });
const plus = (a: CpuMemory, b: CpuMemory): CpuMemory => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory });
const larger = (a: CpuMemory, b: CpuMemory): CpuMemory => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) });

function containerAmount(container: V1Container, field: Field): CpuMemory {
  const values = container.resources?.[field] ?? {};
  return { cpu: quantityValue(values.cpu), memory: quantityValue(values.memory) };
}

function effective(pod: V1Pod, field: Field): CpuMemory {
  const inits = pod.spec?.initContainers ?? [];
  // Sidecars (init containers that keep running) add to the app containers; the others run one at a time before them.
  const sidecars = inits.filter((c) => c.restartPolicy === "Always");
  const oneShot = inits.filter((c) => c.restartPolicy !== "Always");
  const running = [...(pod.spec?.containers ?? []), ...sidecars].map((c) => containerAmount(c, field)).reduce(plus, zero());
  const initPeak = oneShot.map((c) => containerAmount(c, field)).reduce(larger, zero());
  const overhead = pod.spec?.overhead ?? {};
  return plus(larger(running, initPeak), { cpu: quantityValue(overhead.cpu), memory: quantityValue(overhead.memory) });
}

/** The pod's effective requests and limits in cores and bytes. */
export function podResources(pod: V1Pod): PodResources {
  return { requests: effective(pod, "requests"), limits: effective(pod, "limits") };
}

/** True for pods that still hold their node's resources (not Succeeded or Failed). */
export function holdsResources(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed";
}

/** The sum of the effective requests and limits of `pods`. */
export function totalResources(pods: readonly V1Pod[]): PodResources {
  return pods.map(podResources).reduce(
    (sum, r) => ({ requests: plus(sum.requests, r.requests), limits: plus(sum.limits, r.limits) }),
    { requests: zero(), limits: zero() },
  );
}
