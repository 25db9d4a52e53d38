/**
 * The object a remediation step writes, named from the step alone, so that
 * policy, the per-object execution claim and the cooldown all key on what is
 * actually changed rather than on the incident's target.
 */

/** A Kubernetes object a step writes; cluster-scoped objects have no namespace. */
export interface WrittenObject {
  kind: string;
  name: string;
  namespace?: string;
}

/** Per remediation tool: the kind it writes and the argument that names the object. */
const WRITES: Readonly<Record<string, { kind: string; nameArg: string; clusterScoped?: true }>> = {
  set_container_resources: { kind: "Deployment", nameArg: "deployment_name" },
  set_deployment_image: { kind: "Deployment", nameArg: "deployment_name" },
  rollback_deployment: { kind: "Deployment", nameArg: "deployment_name" },
  rollout_restart_deployment: { kind: "Deployment", nameArg: "deployment_name" },
  pause_rollout: { kind: "Deployment", nameArg: "deployment_name" },
  resume_rollout: { kind: "Deployment", nameArg: "deployment_name" },
  scale_deployment: { kind: "Deployment", nameArg: "deployment_name" },
  scale_statefulset: { kind: "StatefulSet", nameArg: "statefulset_name" },
  suspend_cronjob: { kind: "CronJob", nameArg: "cronjob_name" },
  resume_cronjob: { kind: "CronJob", nameArg: "cronjob_name" },
  restart_pod: { kind: "Pod", nameArg: "pod_name" },
  cordon_node: { kind: "Node", nameArg: "node_name", clusterScoped: true },
  uncordon_node: { kind: "Node", nameArg: "node_name", clusterScoped: true },
};

/** Tools that write a set of objects of a namespace rather than one named object. */
const NAMESPACE_WIDE: Readonly<Record<string, string>> = { delete_evicted_pods: "Pod" };

/** True when the table knows what `plugin` writes. */
export const declaresWrittenObject = (plugin: string): boolean => plugin in WRITES || plugin in NAMESPACE_WIDE;

/** True when the tool writes a cluster-scoped object (a Node). */
export const writesClusterScoped = (plugin: string): boolean => WRITES[plugin]?.clusterScoped === true;

/**
 * The object `plugin` called with `params` writes; for tools that write many
 * objects of a namespace, the name is "*". Undefined when the step does not
 * say (an unknown tool, a missing name or namespace): callers must treat that
 * as "cannot tell", which is never permission.
 */
export function writtenObjectOf(plugin: string, params: Record<string, unknown>): WrittenObject | undefined {
  const namespace = nonEmpty(params.namespace);
  const wide = NAMESPACE_WIDE[plugin];
  if (wide !== undefined) return namespace === undefined ? undefined : { kind: wide, namespace, name: "*" };
  const spec = WRITES[plugin];
  const name = spec ? nonEmpty(params[spec.nameArg]) : undefined;
  if (spec === undefined || name === undefined) return undefined;
  if (spec.clusterScoped) return { kind: spec.kind, name };
  return namespace === undefined ? undefined : { kind: spec.kind, namespace, name };
}

const nonEmpty = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** "Kind/namespace/name", or "Kind/name" for cluster-scoped objects: the key claims and cooldowns use. */
export const writtenObjectKey = (o: WrittenObject): string =>
  o.namespace === undefined ? `${o.kind}/${o.name}` : `${o.kind}/${o.namespace}/${o.name}`;
