/** Proposals several rules share: roll a Deployment back one revision, or restart it; each names the Deployment read from the cluster. */
import type { WorkloadRef } from "../../../lib/kube/owners.js";
import type { Rollout } from "../facts/rollout.js";
import type { Locale } from "../messages.js";
import type { ProposalDraft } from "./types.js";

interface ProposalMessages {
  rollbackDescription: (r: Rollout, changes: string) => string;
  rollbackStep: (r: Rollout) => string;
  rollbackUndo: (r: Rollout, images: string) => string;
  restartDescription: (deployment: string) => string;
  restartStep: (deployment: string) => string;
  restartUndo: string;
}

const changesText = (r: Rollout): string => r.imageChanges.map((c) => `${c.container} ${c.from} -> ${c.to}`).join("; ");
const newImages = (r: Rollout): string => r.imageChanges.map((c) => `${c.container}=${c.to}`).join(", ");

const MESSAGES: Record<Locale, ProposalMessages> = {
  zh: {
    rollbackDescription: (r, changes) =>
      `将 Deployment ${r.deployment} 回滚到 revision ${r.previousRevision}，撤销 revision ${r.revision} 的变更${changes ? `（${changes}）` : ""}`,
    rollbackStep: (r) => `回滚 Deployment ${r.deployment} 到 revision ${r.previousRevision}`,
    rollbackUndo: (r, images) =>
      `如需恢复，再将 Deployment ${r.deployment} 回滚到 revision ${r.revision}（rollback_deployment to_revision=${r.revision}${images ? `，镜像 ${images}` : ""}）`,
    restartDescription: (d) => `滚动重启 Deployment ${d}，逐个重建 Pod`,
    restartStep: (d) => `滚动重启 Deployment ${d}`,
    restartUndo: "滚动重启不改变 Deployment 的配置，无需回滚；重启后若仍失败，升级人工处理",
  },
  en: {
    rollbackDescription: (r, changes) =>
      `Roll Deployment ${r.deployment} back to revision ${r.previousRevision}, undoing revision ${r.revision}${changes ? ` (${changes})` : ""}`,
    rollbackStep: (r) => `Roll back Deployment ${r.deployment} to revision ${r.previousRevision}`,
    rollbackUndo: (r, images) =>
      `To undo, roll Deployment ${r.deployment} back to revision ${r.revision} (rollback_deployment to_revision=${r.revision}${images ? `, images ${images}` : ""})`,
    restartDescription: (d) => `Rolling restart of Deployment ${d}, recreating its pods one by one`,
    restartStep: (d) => `Rolling restart of Deployment ${d}`,
    restartUndo: "A rolling restart changes no configuration and needs no rollback; if the pods still fail, escalate",
  },
};

/** Rolls the Deployment back to the revision before its latest rollout, in the Deployment's namespace. */
export function rollbackProposal(rollout: Rollout, locale: Locale): ProposalDraft {
  const m = MESSAGES[locale];
  const changes = changesText(rollout);
  return {
    description: m.rollbackDescription(rollout, changes),
    steps: [
      {
        plugin: "rollback_deployment",
        parameters: { namespace: rollout.workload.namespace, deployment_name: rollout.deployment, to_revision: rollout.previousRevision },
        description: m.rollbackStep(rollout),
      },
    ],
    riskLevel: "medium",
    estimatedDuration: "3m",
    rollbackPlan: m.rollbackUndo(rollout, newImages(rollout)),
  };
}

/** Restarts the Deployment's pods without changing its spec. */
export function restartProposal(workload: WorkloadRef, locale: Locale): ProposalDraft {
  const m = MESSAGES[locale];
  const { namespace, name: deployment } = workload;
  return {
    description: m.restartDescription(deployment),
    steps: [
      {
        plugin: "rollout_restart_deployment",
        parameters: { namespace, deployment_name: deployment },
        description: m.restartStep(deployment),
      },
    ],
    riskLevel: "low",
    estimatedDuration: "2m",
    rollbackPlan: m.restartUndo,
  };
}
