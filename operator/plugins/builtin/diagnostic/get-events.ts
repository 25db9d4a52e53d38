/** get_events: a namespace's events, optionally about one object or of one type, newest first. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { EVENT_SCAN_LIMIT, eventFieldSelector, listEvents, MAX_EVENTS, reasonDigest } from "./events.js";
import { guarded } from "./outcome.js";
import { abortable } from "./request-options.js";
import { trimAll } from "./trim.js";

const args = z.object({
  namespace: namespaceArg,
  kind: z
    .string()
    .max(63)
    .regex(/^[A-Za-z][A-Za-z0-9]*$/)
    .optional()
    .describe('Only events about objects of this kind, e.g. "Pod", "Deployment"'),
  name: nameArg("object the events are about (optional)").optional(),
  type: z.enum(["Normal", "Warning"]).optional().describe("Only events of this type"),
  limit: z.number().int().min(1).max(200).default(MAX_EVENTS).describe("The most events to return, newest first"),
});

function scope(a: z.output<typeof args>): string {
  const about = a.kind || a.name ? ` about ${a.kind ?? "object"} ${a.name ?? "(any)"}` : "";
  return `${a.type ? `${a.type} ` : ""}events${about} in ${a.namespace}`;
}

async function getEvents(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const selector = eventFieldSelector({ kind: a.kind, name: a.name }, a.type);
  const { events, truncated } = await listEvents(core, a.namespace, selector, abortable(ctx.signal));
  const kept = trimAll(events, a.limit);
  const shown = events.length > a.limit ? ` (newest ${a.limit} in data)` : "";
  const scanned = truncated ? `; only the first ${EVENT_SCAN_LIMIT} events of the namespace were read` : "";
  const digest = events.length > 0 ? `: ${reasonDigest(events)}` : "";
  return {
    ok: true,
    summary: `${events.length} ${scope(a)}${digest}${shown}${scanned}`,
    data: { events: kept, total: events.length, truncated },
  };
}

/** get_events */
export const getEventsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_events",
  description: "查看命名空间事件",
  args,
  run: (ctx, a) => guarded(`list events in namespace ${a.namespace}`, () => getEvents(ctx, a)),
});
