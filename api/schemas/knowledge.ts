/** Request and response schemas of the knowledge routes, with the CRD's own field limits. */
import { z } from "zod";
import { KnowledgeSpec } from "../../crds/index.js";
import { messageKey } from "../messages.js";
import { page, pageOf, pageSize, searchParam } from "./common.js";

const fields = KnowledgeSpec.pick({ title: true, content: true, category: true, tags: true, state: true });

export const KnowledgeCreateBody = z.strictObject({
  title: fields.shape.title,
  content: fields.shape.content,
  category: fields.shape.category.default("general"),
  tags: z.array(z.string().min(1).max(63)).max(32).default([]),
  state: fields.shape.state,
});

export const KnowledgeUpdateBody = z
  .strictObject({
    title: fields.shape.title.optional(),
    content: fields.shape.content.optional(),
    category: fields.shape.category.optional(),
    tags: z.array(z.string().min(1).max(63)).max(32).optional(),
    state: z.enum(["draft", "published", "archived"]).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: "msg:emptyUpdate" });

export const KnowledgeListQuery = z.strictObject({
  page,
  page_size: pageSize,
  category: z.string().max(63).optional(),
  search: searchParam.optional(),
});

export const KnowledgeIdParams = z.strictObject({
  // Any resource name (DNS subdomain), so entries made with kubectl are reachable too.
  id: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: messageKey("invalidName") }),
});

export const Knowledge = z.object({
  id: z.string(),
  title: z.string(),
  content: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  state: z.string(),
  author: z.string().nullable(),
  referenced_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const KnowledgePage = pageOf(Knowledge);
