/**
 * The shape shared by remediations that flip one boolean in a spec
 * (cordon, suspend, pause): read it, do nothing if it already has the
 * wanted value, otherwise write it and report the value the server kept.
 */
import type { PluginContext, PluginResult } from "../../types.js";
import { succeeded, unchanged, type ObjectRef } from "./outcome.js";

/** One boolean spec field of one object, and how to read and write it. */
export interface FlagToggle {
  ref: ObjectRef;
  /** The spec field, e.g. "unschedulable". */
  field: string;
  desired: boolean;
  /** The field's current value (absent counts as false). */
  read(): Promise<boolean>;
  /** Writes `{ spec: { [field]: desired } }`; resolves with the value the server returned. */
  write(body: object): Promise<boolean>;
  /** Past tense, e.g. "cordoned node kwok-node-0". */
  done: string;
  /** When nothing needs doing, e.g. "node kwok-node-0 is already cordoned". */
  already: string;
}

/** Sets the flag unless it already has the wanted value. */
export async function toggleFlag(ctx: PluginContext, toggle: FlagToggle): Promise<PluginResult> {
  const previous = await toggle.read();
  if (previous === toggle.desired) return unchanged(toggle.already, { [toggle.field]: previous });
  const now = await toggle.write({ spec: { [toggle.field]: toggle.desired } });
  return succeeded(ctx, toggle.done, [toggle.ref], { [toggle.field]: now, previous });
}
