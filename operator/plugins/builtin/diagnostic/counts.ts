/** Status counters in one line. */

/** "ready 2, current 3" from [label, count] pairs; a missing count is 0, as the API omits zeros. */
export function countsLine(counts: readonly [string, number | undefined][]): string {
  return counts.map(([label, count]) => `${label} ${count ?? 0}`).join(", ");
}

/** "1 quota", "2 quotas"; `many` for irregular plurals. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
