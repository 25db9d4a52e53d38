/** Request and response schemas of the incident routes. */
import { z } from "zod";
import { IncidentPhase, RiskLevel, Severity } from "../../crds/index.js";
import { messageKey } from "../messages.js";
import { dateParam, page, pageOf, pageSize, searchParam } from "./common.js";

export const IncidentListQuery = z.strictObject({
  page,
  page_size: pageSize,
  status: IncidentPhase.optional(),
  severity: Severity.optional(),
  start_date: dateParam.optional(),
  end_date: dateParam.optional(),
  search: searchParam.optional(),
});

/** `INC-20240115-001`; the lower-case resource name is accepted too. */
export const IncidentIdParams = z.strictObject({
  id: z.string().regex(/^(INC|inc)-\d{8}-\d{3,6}$/, { error: messageKey("invalidIncidentId") }),
});

const nullableString = z.string().nullable();

export const IncidentListItem = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  severity: z.string(),
  category: z.string(),
  created_at: z.string(),
  resolved_at: nullableString,
  duration: z.number().int().nullable(),
  target: z.object({ kind: z.string(), name: z.string(), namespace: nullableString }).nullable(),
  occurrences: z.number().int(),
});
export type IncidentListItem = z.infer<typeof IncidentListItem>;

export const IncidentEvent = z.object({
  id: z.string(),
  type: z.string(),
  timestamp: z.string(),
  message: nullableString,
  data: z.record(z.string(), z.unknown()),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const IncidentDetail = IncidentListItem.extend({
  description: z.string(),
  source: z.string(),
  fingerprint: z.string(),
  diagnosis: z
    .object({
      conclusion: z.string(),
      confidence: z.number(),
      key_findings: z.array(z.string()),
      suggested_actions: z.array(z.string()),
      diagnosed_at: z.string(),
      root_cause: nullableString,
      engine: z.string(),
    })
    .nullable(),
  proposal: z
    .object({
      description: z.string(),
      steps: z.array(z.string()),
      risk_level: RiskLevel,
      estimated_duration: z.string(),
      rollback_plan: z.string(),
      proposed_at: z.string(),
      revision: z.number().int(),
      actions: z.array(z.object({ plugin: z.string(), parameters: z.record(z.string(), z.unknown()) })),
    })
    .nullable(),
  execution_result: z
    .object({
      success: z.boolean().nullable(),
      duration: z.number().nullable(),
      executed_at: z.string(),
      completed_at: nullableString,
      output: z.string(),
      steps: z.array(z.object({ index: z.number().int(), plugin: z.string(), state: z.string(), output: nullableString })),
    })
    .nullable(),
  policy: z.object({ verdict: z.string(), reasons: z.array(z.string()), evaluated_at: z.string() }).nullable(),
  decisions: z.array(z.object({ action: z.string(), by: z.string(), via: z.string(), at: z.string(), comment: nullableString })),
  resolution: nullableString,
  events: z.array(IncidentEvent),
  updated_at: z.string(),
  deleted_at: nullableString,
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentPage = pageOf(IncidentListItem);

/** Optional: a POST without a body (Fastify hands over null) is an approval without a comment. */
export const DecisionBody = z
  .strictObject({
    comment: z.string().trim().max(4096).optional(),
    // The proposal revision the person saw; when given and no longer current, the decision is refused (409),
    // because an expired proposal is diagnosed again and the new one may write other objects.
    proposal_revision: z.number().int().min(1).optional(),
  })
  .nullish();

export const DecisionResult = z.object({
  incident_id: z.string(),
  action: z.enum(["approve", "confirm_diagnosis", "reject"]),
  by: z.string(),
  at: z.string(),
  comment: nullableString,
  proposal_revision: z.number().int().nullable(),
});
