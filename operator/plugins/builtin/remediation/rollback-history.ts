/**
 * Pure helpers of rollback_deployment, following `kubectl rollout undo`: a
 * Deployment's history is the ReplicaSets it controls, each stamped with a
 * revision; rolling back copies one of their pod templates back.
 */
import type { V1ObjectMeta, V1PodTemplateSpec, V1ReplicaSet } from "@kubernetes/client-node";

/** The annotation the deployment controller numbers revisions with. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** The label the deployment controller adds to tell ReplicaSets' pods apart; not part of the user's template. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/**
 * Annotations that describe a ReplicaSet or Deployment itself rather than
 * the rollout, so a rollback keeps the Deployment's own values.
 */
const ANNOTATIONS_TO_KEEP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/** One entry of a Deployment's history. */
export interface Revision {
  revision: number;
  replicaSet: V1ReplicaSet;
}

/** The revision number of an object, or undefined when it has none. */
export function revisionOf(meta: V1ObjectMeta | undefined): number | undefined {
  const text = meta?.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The ReplicaSets controlled by the Deployment with `deploymentUid`, oldest revision first. */
export function historyOf(replicaSets: V1ReplicaSet[], deploymentUid: string): Revision[] {
  const owned = replicaSets.filter((rs) =>
    rs.metadata?.ownerReferences?.some((o) => o.controller === true && o.uid === deploymentUid),
  );
  return owned
    .flatMap((replicaSet) => {
      const revision = revisionOf(replicaSet.metadata);
      return revision === undefined ? [] : [{ revision, replicaSet }];
    })
    .sort((a, b) => a.revision - b.revision);
}

/** The revision to roll back to, or why there is none. */
export type RevisionChoice = { chosen: Revision; error?: undefined } | { chosen?: undefined; error: string };

/**
 * `toRevision` when given; otherwise the newest revision before the latest
 * one, since the latest is what the Deployment runs (or is rolling out) now.
 */
export function chooseRevision(history: Revision[], toRevision?: number): RevisionChoice {
  if (toRevision !== undefined) {
    const chosen = history.find((r) => r.revision === toRevision);
    const known = history.map((r) => r.revision).join(", ") || "none";
    return chosen ? { chosen } : { error: `revision ${toRevision} is not in the history (revisions: ${known})` };
  }
  const previous = history.at(-2);
  return previous ? { chosen: previous } : { error: "no previous revision to roll back to" };
}

/** The ReplicaSet's pod template as it goes back into the Deployment: without the hash label. */
export function rollbackTemplate(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  const labels = copy.metadata?.labels;
  if (labels) delete labels[POD_TEMPLATE_HASH_LABEL];
  return copy;
}

/** The Deployment's annotations after rollback: the revision's rollout annotations, the Deployment's own bookkeeping. */
export function rollbackAnnotations(
  deployment: Record<string, string> | undefined,
  replicaSet: Record<string, string> | undefined,
): Record<string, string> {
  const kept = Object.entries(deployment ?? {}).filter(([key]) => ANNOTATIONS_TO_KEEP.has(key));
  const restored = Object.entries(replicaSet ?? {}).filter(([key]) => !ANNOTATIONS_TO_KEEP.has(key));
  return Object.fromEntries([...kept, ...restored]);
}

/** JSON with object keys sorted, so that equal objects built in any order compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** True when two pod templates are the same once the hash label is ignored. */
export function sameTemplate(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  return canonicalJson(rollbackTemplate(a)) === canonicalJson(rollbackTemplate(b));
}

/**
 * The JSON patch that restores a revision. Replacing the whole template
 * (rather than merging into it) also removes what the later revision added.
 * The template is sent as JSON: client-node's pod template models use the
 * wire names for every field, so JSON.stringify of them is the wire format.
 */
export function rollbackPatch(template: V1PodTemplateSpec, annotations: Record<string, string>): object[] {
  return [
    { op: "replace", path: "/spec/template", value: template },
    { op: "add", path: "/metadata/annotations", value: annotations },
  ];
}

/** "app=registry/app:1.0, sidecar=proxy:2" for summaries. */
export function imagesOf(template: V1PodTemplateSpec | undefined): string {
  return (template?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ""}`).join(", ");
}
