/**
 * Timelines of benchmark incidents: the events the operator writes as an
 * incident moves through its phases, with the data it attaches (tool output
 * included), so that the stored JSON is as large as a real resource's.
 */
import type { IncidentPhase, TimelineEvent, TimelineEventType } from "../crds/index.js";
import type { Scenario, ScenarioText } from "./scenarios.js";

/** Every event of an incident that went all the way to resolved, with seconds after the alert. */
const FULL_TIMELINE: readonly (readonly [TimelineEventType, number])[] = [
  ["alert_received", 0],
  ["diagnosis_started", 5],
  ["tool_call", 12],
  ["tool_call", 20],
  ["tool_call", 28],
  ["tool_call", 36],
  ["tool_call", 44],
  ["tool_call", 52],
  ["diagnosis_completed", 60],
  ["proposal_created", 75],
  ["policy_evaluated", 76],
  ["approval_requested", 77],
  ["approved", 300],
  ["execution_started", 302],
  ["step_started", 303],
  ["step_completed", 340],
  ["execution_completed", 341],
  ["verification_completed", 460],
  ["incident_resolved", 461],
];

/** How many events of FULL_TIMELINE each phase has reached, and the event that ended it early, if any. */
const PROGRESS: Record<IncidentPhase, { reached: number; last?: TimelineEventType }> = {
  new: { reached: 1 },
  diagnosing: { reached: 5 },
  awaiting_confirmation: { reached: 9 },
  proposing: { reached: 9 },
  awaiting_approval: { reached: 12 },
  executing: { reached: 15 },
  verifying: { reached: 18 },
  resolved: { reached: 19 },
  escalated: { reached: 9, last: "escalated" },
  rejected: { reached: 12, last: "rejected" },
  failed: { reached: 17, last: "failed" },
  ignored: { reached: 1, last: "ignored" },
  duplicate: { reached: 1 },
};

/** Events of FULL_TIMELINE the phase has reached: what status (diagnosis, proposal, execution) exists. */
export const reached = (phase: IncidentPhase): number => PROGRESS[phase].reached;

/** Index in FULL_TIMELINE of the event after which each part of status exists. */
export const STAGE = { diagnosis: 8, proposal: 9, policy: 10, execution: 13, executionDone: 16 } as const;

const TOOLS = ["kubectl_describe", "kubectl_get_events", "kubectl_logs", "prometheus_query", "kubectl_top"];

export interface TimelineInput {
  phase: IncidentPhase;
  createdMs: number;
  scenario: Scenario;
  text: ScenarioText;
  target: { namespace: string; name: string };
}

/** The second after the alert at which event `index` of FULL_TIMELINE happened. */
export const offsetOf = (index: number): number => FULL_TIMELINE[index]?.[1] ?? 0;

function dataOf(type: TimelineEventType, index: number, t: TimelineInput): Record<string, unknown> | undefined {
  switch (type) {
    case "tool_call":
      return { tool: TOOLS[index % TOOLS.length], args: t.target, output: t.scenario.toolOutput, duration_ms: 180 + index * 37 };
    case "diagnosis_completed":
      return { conclusion: t.text.conclusion, confidence: 0.86 };
    case "proposal_created":
      return { risk_level: "medium", plugin: t.scenario.plugin };
    case "approval_requested":
      return { risk_level: "medium", reasons: ["生产命名空间的变更需要审批", "risk level medium requires approval"] };
    case "execution_completed":
      return { success: true, duration: 39 };
    case "incident_resolved":
      return { resolution: "auto_fixed" };
    default:
      return undefined;
  }
}

function messageOf(type: TimelineEventType, t: TimelineInput): string {
  if (type === "alert_received") return t.scenario.alertLine;
  if (type === "diagnosis_completed") return t.text.conclusion;
  if (type === "proposal_created") return t.text.proposal;
  return `${type.replaceAll("_", " ")}: ${t.target.namespace}/${t.target.name}`;
}

const at = (createdMs: number, seconds: number): string => new Date(createdMs + seconds * 1000).toISOString();

/** The timeline an incident in `phase` carries, ids `evt_001` upwards. */
export function timelineOf(t: TimelineInput): TimelineEvent[] {
  const { reached: count, last } = PROGRESS[t.phase];
  const steps: (readonly [TimelineEventType, number])[] = FULL_TIMELINE.slice(0, count);
  if (last !== undefined) steps.push([last, offsetOf(count - 1) + 30]);
  return steps.map(([type, seconds], index) => {
    const data = dataOf(type, index, t);
    return {
      id: `evt_${String(index + 1).padStart(3, "0")}`,
      type,
      timestamp: at(t.createdMs, seconds),
      message: messageOf(type, t),
      ...(data === undefined ? {} : { data }),
    };
  });
}
