/** Kubernetes resource quantities, and the memory limit the OOM rule proposes. */

const MI = 2 ** 20;
const GI = 2 ** 30;

/** The highest memory limit the rule engine raises a container to on its own. */
export const MEMORY_LIMIT_CAP_BYTES = 4 * GI;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: MI, Gi: GI, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/;

/** The value of a quantity in base units (bytes, cores, counts), or undefined when it does not parse. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === "number") return quantity;
  const match = QUANTITY.exec((quantity ?? "").trim());
  if (!match) return undefined;
  const suffix = match[2] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/** Bytes as a memory quantity in whole Mi, or Gi when that is exact. */
export function formatMemory(bytes: number): string {
  const mi = Math.ceil(bytes / MI);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** The memory settings a set_container_resources call would write. */
export interface MemoryIncrease {
  /** The limit being replaced, as written in the spec. */
  fromLimit: string;
  toLimit: string;
  /** Set only when the current request would exceed the new limit. */
  toRequest?: string;
}

/**
 * Doubles a memory limit, rounded up to Mi and capped at 4Gi. Undefined when there is no
 * limit to raise or it is already at or above the cap: that needs a human, not a bigger number.
 */
export function proposeMemoryIncrease(limit: string | undefined, request?: string): MemoryIncrease | undefined {
  const bytes = parseQuantity(limit);
  if (limit === undefined || bytes === undefined || bytes <= 0 || bytes >= MEMORY_LIMIT_CAP_BYTES) return undefined;
  const next = Math.min(Math.ceil((bytes * 2) / MI) * MI, MEMORY_LIMIT_CAP_BYTES);
  const toLimit = formatMemory(next);
  const requestBytes = parseQuantity(request);
  const tooHigh = requestBytes !== undefined && requestBytes > next;
  return tooHigh ? { fromLimit: limit, toLimit, toRequest: toLimit } : { fromLimit: limit, toLimit };
}
