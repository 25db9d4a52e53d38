/** The fix several rules share, per failing workload: undo the image change that brought the failure, or restart. */
import type { V1Pod } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describeRollout, rolloutBehind, type Rollout } from "../facts/rollout.js";
import type { WorkloadPods } from "../facts/workload.js";
import type { Locale } from "../messages.js";
import { restartProposal, rollbackProposal } from "./proposals.js";
import type { Finding, ProposalDraft } from "./types.js";
import { deploymentOnly, fixPerWorkload, type WorkloadDraft } from "./workload-fix.js";

/** The fix of failing pods: roll back an image change that brought the failure, else (when allowed) restart the Deployment. */
export interface RollbackFix {
  rollout?: Rollout;
  proposal?: ProposalDraft;
  rolloutLines: string[];
  /** Which workloads the failing pods belong to, when several. */
  findings: Finding[];
  /** Why nothing is proposed. */
  reasons: string[];
}

/**
 * Per failing workload: a rollback after an image change; otherwise a rolling restart, or, when
 * `noRestart` is given, no proposal with that reason. Nothing for a workload that is not a Deployment.
 */
export function rollbackFix(e: Evidence, failing: V1Pod[], locale: Locale, noRestart?: string): RollbackFix {
  const rollouts = new Map<WorkloadPods, Rollout>();
  const draft = (group: WorkloadPods): WorkloadDraft => {
    const refusal = deploymentOnly(group.workload, "rollback_deployment/rollout_restart_deployment", locale);
    if (refusal !== undefined) return refusal;
    const rollout = rolloutBehind(e, group);
    if (rollout !== undefined) rollouts.set(group, rollout);
    if (rollout !== undefined) return rollbackProposal(rollout, locale);
    return noRestart === undefined ? restartProposal(group.workload, locale) : { refused: noRestart };
  };
  const fix = fixPerWorkload(e, failing, draft, locale);
  const found = [...rollouts.values()];
  return {
    ...(found[0] === undefined ? {} : { rollout: found[0] }),
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
    rolloutLines: found.map(describeRollout),
    findings: fix.findings,
    reasons: fix.reasons,
  };
}
