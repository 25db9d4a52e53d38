/**
 * RFC 7386 JSON merge patches computed from two documents, so the operator
 * sends only what changed in a status and the apiserver never sees a
 * write for a status that did not change.
 */
import { isDeepStrictEqual } from "node:util";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The merge patch that turns `from` into `to`, or undefined when they are
 * equal. Removed keys become null; arrays are replaced whole, as RFC 7386 says.
 */
export function diffMergePatch(from: unknown, to: unknown): Json | undefined {
  if (isDeepStrictEqual(from, to)) return undefined;
  if (!isObject(from) || !isObject(to)) return (to ?? null) as Json;
  return diffObjects(from, to);
}

function diffObjects(from: Record<string, Json>, to: Record<string, Json>): Json {
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(from)) {
    if (to[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    const sub = value === undefined ? undefined : diffMergePatch(from[key], value);
    if (sub !== undefined) patch[key] = sub;
  }
  return patch;
}
