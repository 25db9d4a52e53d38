/**
 * Gathers what policy needs, fresh from the cluster, then asks the pure
 * policy: for a whole proposal (before it runs) and for the one step about to
 * run (before each step). Every read that fails becomes a fact that makes
 * policy stricter; nothing here throws.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { apiErrorMessage } from "../../lib/kube/client.js";
import { gitOpsManagementOf } from "../../lib/kube/gitops.js";
import type { Incident } from "../../lib/resources.js";
import type { OperatorConfig } from "../../lib/settings/operator-config.js";
import { evaluatePolicy, type PolicyDecision, type StepFacts } from "../policy/evaluate-policy.js";
import { nodesOfIncident } from "../policy/incident-nodes.js";
import { effectivePlugin } from "../policy/plugin-floor.js";
import type { PluginRegistry } from "../plugins/registry.js";
import { writtenObjectKey, writtenObjectOf, type WrittenObject } from "../plugins/written-object.js";
import { executionsInLastHour, lastExecutionOnObjects, stepObjectKey } from "./facts.js";
import { readWrittenObject, type WrittenObjectRead } from "./written-object-read.js";

export interface PolicyGatherDeps {
  kc: KubeConfig;
  config: OperatorConfig;
  registry: Pick<PluginRegistry, "get" | "readResource">;
  incidents: readonly Incident[];
  now: Date;
  /** Reads the object a step writes; the apiserver unless a test replaces it. */
  readObject?: (o: WrittenObject) => Promise<WrittenObjectRead>;
}

/** Tools whose `replicas` argument is checked against the object's current count. */
const SCALERS = new Set(["scale_deployment", "scale_statefulset"]);

type ObjectFacts = Pick<StepFacts, "currentReplicas" | "replicaLookupError" | "gitOps" | "ownershipUnknown">;

function replicaFacts(plugin: string, read: WrittenObjectRead): ObjectFacts {
  if (!SCALERS.has(plugin)) return {};
  if (!read.ok) return { replicaLookupError: read.error };
  return read.replicas === undefined ? { replicaLookupError: "the object has no replica count" } : { currentReplicas: read.replicas };
}

/** Who manages the object the step writes, and its replicas; a namespace-wide write ("*") names no one object. */
async function writtenObjectFacts(deps: PolicyGatherDeps, plugin: string, parameters: Record<string, unknown>): Promise<ObjectFacts> {
  const written = writtenObjectOf(plugin, parameters);
  if (!written || written.name === "*") return {};
  const read = await (deps.readObject ?? ((o: WrittenObject): Promise<WrittenObjectRead> => readWrittenObject(deps.kc, o)))(written);
  if (!read.ok) return { ownershipUnknown: `${writtenObjectKey(written)}: ${read.error}`, ...replicaFacts(plugin, read) };
  const gitOps = gitOpsManagementOf(read.metadata);
  return { ...(gitOps ? { gitOps } : {}), ...replicaFacts(plugin, read) };
}

async function stepFacts(deps: PolicyGatherDeps, plugin: string, parameters: Record<string, unknown>): Promise<StepFacts> {
  const builtin = deps.registry.get(plugin);
  if (!builtin) return { plugin, parameters };
  const meta = effectivePlugin(builtin, await deps.registry.readResource(plugin));
  const objectFacts = builtin.category === "remediation" ? await writtenObjectFacts(deps, plugin, parameters) : {};
  return { plugin, parameters, meta, ...objectFacts };
}

type Judged = Pick<Parameters<typeof evaluatePolicy>[0], "steps" | "stepsAlreadyExecuted">;

function decide(incident: Incident, deps: PolicyGatherDeps, judged: Judged): PolicyDecision {
  const others = deps.incidents.filter((i) => i.metadata.name !== incident.metadata.name);
  return evaluatePolicy({
    config: deps.config.policy,
    severity: incident.spec.severity,
    proposalRisk: incident.status?.proposal?.riskLevel ?? "critical",
    executionsLastHour: executionsInLastHour(others, deps.now),
    // The cooldown is keyed on the objects the judged steps write, not on the incident's target.
    lastExecutionOnTarget: lastExecutionOnObjects(deps.incidents, incident, new Set(judged.steps.map(stepObjectKey))),
    incidentNodes: nodesOfIncident(incident.spec, incident.status),
    now: deps.now,
    ...judged,
  });
}

/** An unexpected failure while gathering is a deny, never a pass. */
async function failClosed(what: string, gather: () => Promise<PolicyDecision>): Promise<PolicyDecision> {
  try {
    return await gather();
  } catch (err) {
    return { verdict: "deny", reasons: [`policy facts for ${what} could not be gathered: ${apiErrorMessage(err)}`] };
  }
}

/** Evaluates policy for the incident's current proposal (before it runs). */
export function evaluateIncidentPolicy(incident: Incident, deps: PolicyGatherDeps): Promise<PolicyDecision> {
  return failClosed("the proposal", async () => {
    const proposal = incident.status?.proposal;
    if (!proposal) return { verdict: "escalate", reasons: ["there is no proposal"] };
    const steps = await Promise.all(proposal.steps.map((s) => stepFacts(deps, s.plugin, s.parameters ?? {})));
    // Steps of an earlier proposal revision count against the limit; the current one's are in `steps`.
    const execution = incident.status?.execution;
    const done = execution && execution.proposalRevision !== proposal.revision
      ? execution.steps.filter((s) => s.state !== "pending" && s.state !== "skipped").length
      : 0;
    return decide(incident, deps, { steps, stepsAlreadyExecuted: done });
  });
}

const deny = (reason: string): PolicyDecision => ({ verdict: "deny", reasons: [reason] });

/**
 * Evaluates policy for step `stepIndex` exactly as recorded in `status.execution.steps` (its plugin and
 * parameters, not the proposal's), with facts read now. Call it right before the step runs. Resolves,
 * never rejects: `auto_execute` (run it), `require_approval` (a human must approve this proposal revision
 * first), `deny` or `escalate` (do not run it).
 */
export function evaluateStepPolicy(incident: Incident, stepIndex: number, deps: PolicyGatherDeps): Promise<PolicyDecision> {
  return failClosed(`step ${stepIndex}`, async () => {
    const { proposal, execution } = incident.status ?? {};
    if (!proposal || !execution) return deny(`there is no execution to run step ${stepIndex} of`);
    if (execution.proposalRevision !== proposal.revision) {
      return deny(`the execution belongs to proposal revision ${execution.proposalRevision}, but the proposal is now revision ${proposal.revision}`);
    }
    const step = execution.steps.find((s) => s.index === stepIndex);
    if (!step) return deny(`the execution has no step ${stepIndex}`);
    const before = execution.steps.filter((s) => s.index < stepIndex && s.state !== "pending" && s.state !== "skipped").length;
    const facts = await stepFacts(deps, step.plugin, step.parameters ?? {});
    return decide(incident, deps, { steps: [facts], stepsAlreadyExecuted: before });
  });
}
