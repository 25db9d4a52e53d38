/**
 * The gate before each step: policy evaluated for the exact step about to
 * run decides whether it runs now, goes back to a human, or escalates. A
 * human approval of this proposal revision stands in for require_approval;
 * nothing stands in for deny or escalate.
 */
import type { Incident } from "../../lib/resources.js";
import type { PolicyDecision } from "../policy/evaluate-policy.js";

export type StepGate =
  | { kind: "run"; note?: string }
  | { kind: "await_approval"; reasons: string[] }
  | { kind: "escalate"; reason: string };

/** What to do with step `index` given the step-time verdict and whether a human approved this revision. */
export function decideStepGate(policy: PolicyDecision, approved: boolean, index: number): StepGate {
  const reasons = policy.reasons.join("; ");
  switch (policy.verdict) {
    case "auto_execute":
      return { kind: "run" };
    case "require_approval":
      return approved
        ? { kind: "run", note: `step ${index} needs approval (${reasons}); this proposal revision is approved` }
        : { kind: "await_approval", reasons: policy.reasons };
    default:
      return { kind: "escalate", reason: `policy changed before step ${index}: ${reasons}` };
  }
}

/**
 * True when a human approved the incident's current proposal revision: an applied `approve`
 * decision for that revision and the `approved` timeline event it produced, which names the
 * revision it approved (decisions without a revision approve whatever was current then).
 */
export function isRevisionApproved(incident: Incident): boolean {
  const revision = incident.status?.proposal?.revision;
  if (revision === undefined) return false;
  const applied = (incident.spec.decisions ?? []).slice(0, incident.status?.processedDecisions ?? 0);
  const decided = applied.some((d) => d.action === "approve" && (d.proposalRevision === undefined || d.proposalRevision === revision));
  const recorded = (incident.status?.timeline ?? []).some(
    (e) => e.type === "approved" && (e.data as { proposalRevision?: unknown } | undefined)?.proposalRevision === revision,
  );
  return decided && recorded;
}

/** When the approval of the current proposal revision was recorded (its `approved` timeline event), if it was. */
export function approvedAt(incident: Incident): number | undefined {
  const revision = incident.status?.proposal?.revision;
  const times = (incident.status?.timeline ?? [])
    .filter((e) => e.type === "approved" && (e.data as { proposalRevision?: unknown } | undefined)?.proposalRevision === revision)
    .map((e) => Date.parse(e.timestamp))
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * True when a human approval of this revision still stands in for require_approval. An approval covers
 * what the approver could have seen: when another incident wrote the step's object after it, the
 * cooldown that write starts was never shown, so a human is asked again (approving again covers it).
 */
export function approvalCovers(incident: Incident, lastWriteOnObject: Date | undefined): boolean {
  if (!isRevisionApproved(incident)) return false;
  if (lastWriteOnObject === undefined) return true;
  const at = approvedAt(incident);
  return at !== undefined && lastWriteOnObject.getTime() <= at;
}
