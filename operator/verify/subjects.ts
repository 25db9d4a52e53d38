/**
 * What verification judges for an incident, from its resource alone: the
 * target, every workload a step that ran wrote, and the cause's objects.
 * A Pod target that is gone is judged through the workloads the steps
 * wrote (its owner, named by the diagnosis) or, when a step deleted it on
 * purpose, through its cause; never "gone, so healthy".
 */
import type { IncidentSpec, IncidentStatus } from "../../crds/index.js";
import { writtenObjectOf, type WrittenObject } from "../plugins/written-object.js";
import { nodePressureCause, type NodePressureCause } from "./cause.js";
import { JUDGED_KINDS, type JudgedKind, type Subject } from "./types.js";

type Target = NonNullable<IncidentSpec["target"]>;

/** Everything the judgement reads from the incident. */
export interface VerificationPlan {
  /** The target, undefined when the incident has none. */
  target?: Subject;
  /** Judged objects besides the target, without repeats of it. */
  others: Subject[];
  cause?: NodePressureCause;
  /** Objects the steps deleted or recreated: "Pod/ns/name", "Pod/ns/*" for a namespace-wide cleanup. */
  deleted: WrittenObject[];
}

const isJudged = (kind: string): kind is JudgedKind => (JUDGED_KINDS as readonly string[]).includes(kind);

const ranSteps = (status: IncidentStatus): NonNullable<IncidentStatus["execution"]>["steps"] =>
  (status.execution?.steps ?? []).filter((s) => s.state === "succeeded" || s.state === "interrupted");

const sameObject = (a: Pick<Subject, "kind" | "name" | "namespace">, b: Pick<Subject, "kind" | "name" | "namespace">): boolean =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");

function targetSubject(target: Target | undefined): Subject | undefined {
  if (!target) return undefined;
  // Kinds verification cannot judge keep their kind so that the judgement says so; cast only for the record.
  const kind = target.kind as JudgedKind;
  const namespace = target.kind === "Node" ? undefined : (target.namespace ?? "default");
  return { kind, name: target.name, ...(namespace ? { namespace } : {}), role: "target" };
}

/** The objects the steps that ran wrote: judged workloads and nodes, and the pods they deleted. */
function writtenBySteps(status: IncidentStatus): { judged: Subject[]; deleted: WrittenObject[] } {
  const judged: Subject[] = [];
  const deleted: WrittenObject[] = [];
  for (const step of ranSteps(status)) {
    const written = writtenObjectOf(step.plugin, step.parameters ?? {});
    if (!written) continue;
    if (written.kind === "Pod") deleted.push(written);
    else if (isJudged(written.kind)) judged.push({ kind: written.kind, name: written.name, ...(written.namespace ? { namespace: written.namespace } : {}), role: "written" });
  }
  return { judged, deleted };
}

function causeSubjects(cause: NodePressureCause | undefined): Subject[] {
  return (cause?.nodes ?? []).map((name) => ({ kind: "Node" as const, name, role: "cause" as const }));
}

/** The plan of one verification of `spec.target` with `status`'s diagnosis and steps. */
export function verificationPlan(spec: Pick<IncidentSpec, "target">, status: IncidentStatus): VerificationPlan {
  const target = targetSubject(spec.target);
  const { judged, deleted } = writtenBySteps(status);
  const cause = nodePressureCause(status);
  const others: Subject[] = [];
  for (const s of [...judged, ...causeSubjects(cause)]) {
    if (target && sameObject(s, target) && s.role !== "cause") continue;
    if (!others.some((o) => sameObject(o, s) && o.role === s.role)) others.push(s);
  }
  return { ...(target ? { target } : {}), others, ...(cause ? { cause } : {}), deleted };
}

/** True when a step deleted the pod `name` in `namespace` (by name, or as part of a namespace-wide cleanup). */
export const deletedOnPurpose = (plan: VerificationPlan, namespace: string, name: string): boolean =>
  plan.deleted.some((d) => d.namespace === namespace && (d.name === name || d.name === "*"));
