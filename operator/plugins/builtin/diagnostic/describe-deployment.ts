/** describe_deployment: a Deployment's spec essentials, status, conditions, ReplicaSets, pods and events. */
import { AppsV1Api, CoreV1Api, type V1Deployment } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { conditionDigest } from "./conditions.js";
import { plural } from "./counts.js";
import { eventsAbout } from "./events.js";
import { MAX_PODS } from "./list-pods.js";
import { guarded } from "./outcome.js";
import { podOwnersOf } from "./pod-owners.js";
import { summarizePods } from "./pod-status.js";
import { ownedReplicaSets, revisionOf } from "./replica-sets.js";
import { abortable } from "./request-options.js";
import { trimAll, trimObject } from "./trim.js";
import { podsSelectedBy, templateImages } from "./workload-pods.js";

/** The most ReplicaSets a result carries; revisionHistoryLimit keeps 10 by default. */
export const MAX_REPLICA_SETS = 20;
/** Events are read for the deployment and this many of its newest ReplicaSets. */
const EVENT_REPLICA_SETS = 3;

const args = z.object({ namespace: namespaceArg, deployment_name: nameArg("Deployment") });

/** "2/3 ready, 3 updated, 1 unavailable" from the status, against the desired replicas. */
export function replicaLine(d: V1Deployment): string {
  const s = d.status ?? {};
  const desired = d.spec?.replicas ?? 1;
  const unavailable = s.unavailableReplicas ? `, ${s.unavailableReplicas} unavailable` : "";
  const paused = d.spec?.paused ? ", paused" : "";
  return `${s.readyReplicas ?? 0}/${desired} ready, ${s.updatedReplicas ?? 0} updated${unavailable}${paused}`;
}

async function describeDeployment(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const apps = ctx.kc.makeApiClient(AppsV1Api);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: a.deployment_name, namespace: a.namespace }, options);
  const [replicaSets, pods] = await Promise.all([
    ownedReplicaSets(apps, deployment, options),
    podsSelectedBy(core, a.namespace, deployment.spec?.selector, options),
  ]);
  const involved = [
    { kind: "Deployment", name: a.deployment_name },
    ...replicaSets.slice(0, EVENT_REPLICA_SETS).map((rs) => ({ kind: "ReplicaSet", name: rs.metadata?.name ?? "" })),
  ];
  const [events, podOwners] = await Promise.all([
    eventsAbout(core, a.namespace, involved, options),
    // A selector may also match another workload's pods (overlapping selectors): say whose each pod is.
    podOwnersOf(ctx.kc, pods.slice(0, MAX_PODS), options),
  ]);
  const summary = [
    `deployment ${a.namespace}/${a.deployment_name}: ${replicaLine(deployment)}`,
    `revision ${revisionOf(deployment)} (${plural(replicaSets.length, "replica set")})`,
    templateImages(deployment.spec?.template.spec),
    conditionDigest(deployment.status?.conditions),
    summarizePods(pods),
  ].join("; ");
  return {
    ok: true,
    summary,
    data: {
      deployment: trimObject(deployment),
      replicaSets: trimAll(replicaSets, MAX_REPLICA_SETS),
      pods: trimAll(pods, MAX_PODS),
      podOwners,
      events,
    },
  };
}

/** describe_deployment */
export const describeDeploymentPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_deployment",
  description: "查看 Deployment 详情（状态、条件、ReplicaSet 与事件）",
  args,
  run: (ctx, a) =>
    guarded({ kind: "deployment", name: a.deployment_name, namespace: a.namespace }, () => describeDeployment(ctx, a)),
});
