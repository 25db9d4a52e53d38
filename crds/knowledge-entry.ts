import { z } from "zod";
import { conditionList, timestamp } from "./common.js";
import { defineKind } from "./kind.js";

export const KnowledgeSpec = z.object({
  title: z.string().min(1).max(512),
  content: z.string().min(1).max(65536),
  category: z.string().min(1).max(63).regex(/^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/),
  tags: z.array(z.string().min(1).max(63)).max(32).default([]),
  state: z.enum(["draft", "published", "archived"]).default("published"),
  author: z.string().max(256).optional(),
});

export const KnowledgeStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  referencedCount: z.number().int().min(0).optional(),
  lastReferencedAt: timestamp().optional(),
  conditions: conditionList().optional(),
});

export const knowledgeEntryKind = defineKind({
  kind: "KnowledgeEntry",
  plural: "knowledgeentries",
  shortNames: ["kb", "knowledge"],
  spec: KnowledgeSpec,
  status: KnowledgeStatus,
  printerColumns: [
    { name: "Title", type: "string", jsonPath: ".spec.title", priority: 1 },
    { name: "Category", type: "string", jsonPath: ".spec.category" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
});

export type KnowledgeSpec = z.infer<typeof KnowledgeSpec>;
export type KnowledgeStatus = z.infer<typeof KnowledgeStatus>;
