/** Resource quantities as numbers (cores, bytes, counts) and back, for sums and percentages. */

const FACTORS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]{0,2})$/;

/** The value of a quantity in base units, or 0 when it is missing or does not parse. */
export function quantityValue(quantity: string | number | undefined): number {
  if (typeof quantity === "number") return quantity;
  const match = QUANTITY.exec((quantity ?? "").trim());
  const factor = match ? FACTORS[match[2] ?? ""] : undefined;
  return match && factor !== undefined ? Number(match[1]) * factor : 0;
}

/** Cores as kubectl prints them: "250m", "2", "1500m". */
export function formatCpu(cores: number): string {
  const millis = Math.round(cores * 1000);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes in the largest binary unit that keeps one decimal: "64Mi", "1.5Gi". */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ["Ti", 2 ** 40],
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10],
  ];
  const unit = units.find(([, size]) => bytes >= size);
  if (!unit) return String(Math.round(bytes));
  const value = Math.round((bytes / unit[1]) * 10) / 10;
  return `${value}${unit[0]}`;
}

/** `part` as a whole percentage of `whole`, or undefined when there is no whole. */
export function percentOf(part: number, whole: number): number | undefined {
  return whole > 0 ? Math.round((part / whole) * 100) : undefined;
}
