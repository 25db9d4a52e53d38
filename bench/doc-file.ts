/** Writes a run's report into docs/benchmarks.md between markers, so a rerun replaces the numbers and keeps the prose. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const START_MARKER = "<!-- bench:start -->";
export const END_MARKER = "<!-- bench:end -->";

/** `doc` with everything between the markers replaced by `report`; the markers are appended when missing. */
export function replaceBetweenMarkers(doc: string, report: string): string {
  const block = `${START_MARKER}\n${report.trim()}\n${END_MARKER}`;
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER, start);
  if (start < 0 || end < 0) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, start) + block + doc.slice(end + END_MARKER.length);
}

/** Puts `report` into the file at `path`, creating it with a title when absent. */
export function writeReport(path: string, report: string): void {
  const doc = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  writeFileSync(path, replaceBetweenMarkers(doc, report));
}
