import type { z } from "zod";
import { GROUP, VERSION } from "./common.js";

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** Everything that names a kind and shapes its CRD, next to its schemas. */
export interface KindDefinition<Spec extends z.ZodType, Status extends z.ZodType> {
  kind: string;
  plural: string;
  shortNames: string[];
  spec: Spec;
  status: Status;
  printerColumns: PrinterColumn[];
}

/** Describes a kubefix kind; group, version, scope and category are the same for all. */
export function defineKind<Spec extends z.ZodType, Status extends z.ZodType>(
  def: KindDefinition<Spec, Status>,
): KindDefinition<Spec, Status> & { group: string; version: string; singular: string } {
  return { ...def, group: GROUP, version: VERSION, singular: def.kind.toLowerCase() };
}
