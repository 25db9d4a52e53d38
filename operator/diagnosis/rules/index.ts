/** Every rule of the engine, one per failure mode. */
import { detectCrashLoop } from "./crash-loop.js";
import { detectEvictedNodePressure } from "./evicted.js";
import { detectImagePullError } from "./image-pull.js";
import { detectLivenessFailing } from "./liveness-failing.js";
import { detectMissingConfig } from "./missing-config.js";
import { detectNodeNotReady } from "./node-not-ready.js";
import { detectOomKilled } from "./oom-killed.js";
import { detectPvcPending } from "./pvc-pending.js";
import { detectQuotaExceeded } from "./quota-exceeded.js";
import { detectReadinessFailing } from "./readiness-failing.js";
import { detectRolloutStuck } from "./rollout-stuck.js";
import { detectServiceNoEndpoints } from "./service-no-endpoints.js";
import type { Rule } from "./types.js";
import { detectUnschedulableResources, detectUnschedulableSelector, detectUnschedulableTaints } from "./unschedulable.js";

/** The rules the engine runs, in catalogue order. */
export const ALL_RULES: readonly Rule[] = [
  detectOomKilled,
  detectCrashLoop,
  detectImagePullError,
  detectUnschedulableResources,
  detectUnschedulableTaints,
  detectUnschedulableSelector,
  detectPvcPending,
  detectReadinessFailing,
  detectLivenessFailing,
  detectEvictedNodePressure,
  detectNodeNotReady,
  detectRolloutStuck,
  detectMissingConfig,
  detectQuotaExceeded,
  detectServiceNoEndpoints,
];

export type { Finding, ProposalDraft, ProposalStep, Rule, RuleMatch } from "./types.js";
