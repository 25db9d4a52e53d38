/** get_rollout_history: a Deployment's revisions with change-cause and template differences. */
import { AppsV1Api, type V1ObjectMeta, type V1ReplicaSet, type V1ReplicaSetStatus } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { MAX_REPLICA_SETS } from "./describe-deployment.js";
import { plural } from "./counts.js";
import { guarded } from "./outcome.js";
import { ownedReplicaSets, revisionOf } from "./replica-sets.js";
import { abortable } from "./request-options.js";
import { templateChanges, templateFacts, type ContainerFacts } from "./rollout-diff.js";
import { trimAll, trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, deployment_name: nameArg("Deployment") });

/** One revision of a Deployment, as `kubectl rollout history` shows it, plus what it changed. */
export interface Revision {
  revision: number;
  replicaSet: string;
  current: boolean;
  changeCause?: string;
  createdAt?: string;
  replicas: number;
  readyReplicas: number;
  containers: Record<string, ContainerFacts>;
  /** Differences from the revision before it; empty for the first one kept. */
  changes: string[];
}

/** Revisions, newest first, from ReplicaSets sorted newest first. */
export function revisionsOf(replicaSets: readonly V1ReplicaSet[], currentRevision: number): Revision[] {
  const facts = replicaSets.map((rs) => templateFacts(rs.spec?.template));
  return replicaSets.map((rs, i) => {
    const containers = facts[i] ?? {};
    const previous = facts[i + 1];
    return { ...revisionBasics(rs, currentRevision), containers, changes: previous ? templateChanges(previous, containers) : [] };
  });
}

function revisionBasics(rs: V1ReplicaSet, currentRevision: number): Omit<Revision, "containers" | "changes"> {
  const meta: V1ObjectMeta = rs.metadata ?? {};
  const status: Partial<V1ReplicaSetStatus> = rs.status ?? {};
  return {
    revision: revisionOf(rs),
    replicaSet: meta.name ?? "",
    current: revisionOf(rs) === currentRevision,
    changeCause: meta.annotations?.["kubernetes.io/change-cause"],
    createdAt: meta.creationTimestamp?.toISOString(),
    replicas: status.replicas ?? 0,
    readyReplicas: status.readyReplicas ?? 0,
  };
}

function latestLine(latest: Revision | undefined): string {
  if (!latest) return "no revisions";
  const cause = latest.changeCause ? ` (change-cause: ${latest.changeCause})` : "";
  const changes = latest.changes.length > 0 ? latest.changes.join(", ") : "no image or resource change";
  return `latest revision ${latest.revision}${latest.current ? " is current" : ""}: ${changes}${cause}`;
}

async function rolloutHistory(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace }, options);
  const replicaSets = (await ownedReplicaSets(apps, deployment, options)).slice(0, MAX_REPLICA_SETS);
  const revisions = revisionsOf(replicaSets, revisionOf(deployment));
  return {
    ok: true,
    summary: `deployment ${a.namespace}/${a.deployment_name}: ${plural(revisions.length, "revision")}; ${latestLine(revisions[0])}`,
    data: { deployment: trimObject(deployment), replicaSets: trimAll(replicaSets, MAX_REPLICA_SETS), revisions },
  };
}

/** get_rollout_history */
export const getRolloutHistoryPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_rollout_history",
  description: "查看 Deployment 发布历史",
  args,
  run: (ctx, a) =>
    guarded({ kind: "deployment", name: a.deployment_name, namespace: a.namespace }, () => rolloutHistory(ctx, a)),
});
