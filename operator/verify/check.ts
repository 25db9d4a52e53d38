/** One verification check of an incident: plan from its record, gather, judge. */
import type { KubeConfig } from "@kubernetes/client-node";
import type { IncidentSpec, IncidentStatus } from "../../crds/index.js";
import { verificationChecksTotal } from "../../lib/metrics.js";
import { clientsFor, observe, observeAllNodes } from "./gather.js";
import { combineHealth, judgeSubject } from "./judge.js";
import type { JudgeClock } from "./pod-judgement.js";
import { verificationPlan, type VerificationPlan } from "./subjects.js";
import { unhealthy, type Health } from "./types.js";

export type { Health } from "./types.js";

async function judgeAll(kc: KubeConfig, plan: VerificationPlan, clock: JudgeClock): Promise<Health[]> {
  const c = clientsFor(kc);
  const subjects = [...(plan.target ? [plan.target] : []), ...plan.others];
  const judged = await Promise.all(subjects.map(async (s) => judgeSubject(s, await observe(c, s), plan, clock)));
  if (plan.cause && plan.cause.nodes.length === 0) {
    judged.push(judgeSubject({ kind: "Node", name: "*", role: "cause" }, await observeAllNodes(c), plan, clock));
  }
  return judged;
}

/** Is the incident's target healthy again, with the cause gone? A read error is an unhealthy observation, not a failure. */
export async function checkIncidentHealth(
  kc: KubeConfig,
  incident: { spec: Pick<IncidentSpec, "target">; status?: IncidentStatus },
  clock: JudgeClock,
): Promise<Health> {
  const plan = verificationPlan(incident.spec, incident.status ?? {});
  const health = plan.target ? combineHealth(await judgeAll(kc, plan, clock)) : unhealthy("the incident has no target to verify");
  verificationChecksTotal.inc({ result: health.healthy ? "healthy" : "unhealthy" });
  return health;
}
