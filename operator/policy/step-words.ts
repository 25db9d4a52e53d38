/** A remediation step's change in words, for a human to make in Git instead. */

type Params = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "?");

const RESOURCE_ARGS = ["cpu_request", "cpu_limit", "memory_request", "memory_limit"] as const;

function resources(p: Params): string {
  const parts = RESOURCE_ARGS.filter((k) => p[k] !== undefined).map((k) => `${k.replace("_", " ")} ${str(p[k])}`);
  return `set ${parts.join(", ")} on container ${str(p.container)} of Deployment ${str(p.deployment_name)}`;
}

const WORDS: Readonly<Record<string, (p: Params) => string>> = {
  set_container_resources: resources,
  set_deployment_image: (p) => `set the image of container ${str(p.container)} of Deployment ${str(p.deployment_name)} to ${str(p.image)}`,
  scale_deployment: (p) => `set replicas of Deployment ${str(p.deployment_name)} to ${str(p.replicas)}`,
  scale_statefulset: (p) => `set replicas of StatefulSet ${str(p.statefulset_name)} to ${str(p.replicas)}`,
  rollback_deployment: (p) =>
    `revert Deployment ${str(p.deployment_name)}'s pod template to ${p.to_revision === undefined ? "the previous revision" : `revision ${str(p.to_revision)}`}`,
  rollout_restart_deployment: (p) => `restart Deployment ${str(p.deployment_name)} (change a pod template annotation)`,
  pause_rollout: (p) => `set spec.paused: true on Deployment ${str(p.deployment_name)}`,
  resume_rollout: (p) => `remove spec.paused from Deployment ${str(p.deployment_name)}`,
  suspend_cronjob: (p) => `set spec.suspend: true on CronJob ${str(p.cronjob_name)}`,
  resume_cronjob: (p) => `set spec.suspend: false on CronJob ${str(p.cronjob_name)}`,
  restart_pod: (p) => `delete Pod ${str(p.pod_name)} so that it is recreated`,
  cordon_node: (p) => `set spec.unschedulable: true on Node ${str(p.node_name)}`,
  uncordon_node: (p) => `set spec.unschedulable: false on Node ${str(p.node_name)}`,
};

/** What `plugin` with `params` changes, in words; the raw call for tools it does not know. */
export function stepChangeInWords(plugin: string, params: Params): string {
  const words = WORDS[plugin];
  return words ? words(params) : `${plugin} ${JSON.stringify(params)}`;
}
