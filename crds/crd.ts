import { z } from "zod";
import type { KindDefinition, PrinterColumn } from "./kind.js";
import { toStructural, type SchemaNode } from "./structural.js";

type AnyKind = KindDefinition<z.ZodType, z.ZodType> & { group: string; version: string; singular: string };

/** The category that makes `kubectl get kubefix` list every kubefix kind. */
export const CATEGORY = "kubefix";

function jsonSchemaOf(schema: z.ZodType, path: string): SchemaNode {
  const raw = z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "throw" });
  return toStructural(raw, path);
}

/** Builds the CustomResourceDefinition of a kind from its zod schemas. */
export function buildCrd(def: AnyKind): Record<string, unknown> {
  const columns: PrinterColumn[] = def.printerColumns;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: `${def.plural}.${def.group}`,
      labels: { "app.kubernetes.io/name": "kubefix", "app.kubernetes.io/part-of": "kubefix" },
    },
    spec: {
      group: def.group,
      scope: "Namespaced",
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: def.shortNames,
        categories: [CATEGORY],
      },
      versions: [
        {
          name: def.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: columns,
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: `${def.kind} is a kubefix ${def.singular}; spec is its input, status is written only by the operator.`,
              required: ["spec"],
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: jsonSchemaOf(def.spec, "spec"),
                status: jsonSchemaOf(def.status, "status"),
              },
            },
          },
        },
      ],
    },
  };
}
