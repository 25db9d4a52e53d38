/** Gathers what policy needs for an incident's proposal, then asks the pure policy. */
import { AppsV1Api, type KubeConfig } from "@kubernetes/client-node";
import type { Incident } from "../../lib/resources.js";
import type { OperatorConfig } from "../../lib/settings/operator-config.js";
import { evaluatePolicy, type PolicyDecision, type StepFacts } from "../policy/evaluate-policy.js";
import type { PluginRegistry } from "../plugins/registry.js";
import { executionsInLastHour, lastExecutionOnTarget } from "./facts.js";

export interface PolicyGatherDeps {
  kc: KubeConfig;
  config: OperatorConfig;
  registry: PluginRegistry;
  incidents: readonly Incident[];
  now: Date;
}

const SCALERS: Record<string, "deployment" | "statefulset"> = { scale_deployment: "deployment", scale_statefulset: "statefulset" };

async function currentReplicas(kc: KubeConfig, plugin: string, params: Record<string, unknown>): Promise<number | undefined> {
  const kind = SCALERS[plugin];
  const namespace = params.namespace as string | undefined;
  const name = (params.deployment_name ?? params.statefulset_name) as string | undefined;
  if (!kind || !namespace || !name) return undefined;
  const apps = kc.makeApiClient(AppsV1Api);
  const obj = kind === "deployment"
    ? await apps.readNamespacedDeployment({ name, namespace })
    : await apps.readNamespacedStatefulSet({ name, namespace });
  return obj.spec?.replicas ?? 1;
}

async function stepFacts(deps: PolicyGatherDeps, plugin: string, parameters: Record<string, unknown>): Promise<StepFacts> {
  const builtin = deps.registry.get(plugin);
  const enabled = builtin ? await deps.registry.isEnabled(plugin) : false;
  const replicas = await currentReplicas(deps.kc, plugin, parameters).catch(() => undefined);
  return {
    plugin,
    parameters,
    ...(builtin
      ? { meta: { category: builtin.category, riskLevel: builtin.riskLevel, requiresApproval: builtin.requiresApproval, enabled } }
      : {}),
    ...(replicas === undefined ? {} : { currentReplicas: replicas }),
  };
}

/** Evaluates policy for the incident's current proposal (or the steps left of its execution). */
export async function evaluateIncidentPolicy(incident: Incident, deps: PolicyGatherDeps): Promise<PolicyDecision> {
  const proposal = incident.status?.proposal;
  if (!proposal) return { verdict: "escalate", reasons: ["there is no proposal"] };
  const steps = await Promise.all(proposal.steps.map((s) => stepFacts(deps, s.plugin, s.parameters ?? {})));
  // Steps of an earlier proposal revision count against the limit; the current one's are in `steps`.
  const execution = incident.status?.execution;
  const done = execution && execution.proposalRevision !== proposal.revision
    ? execution.steps.filter((s) => s.state !== "pending" && s.state !== "skipped").length
    : 0;
  const others = deps.incidents.filter((i) => i.metadata.name !== incident.metadata.name);
  return evaluatePolicy({
    config: deps.config.policy,
    severity: incident.spec.severity,
    proposalRisk: proposal.riskLevel,
    steps,
    executionsLastHour: executionsInLastHour(others, deps.now),
    lastExecutionOnTarget: lastExecutionOnTarget(deps.incidents, incident),
    stepsAlreadyExecuted: done,
    now: deps.now,
  });
}
