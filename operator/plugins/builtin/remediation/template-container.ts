/** Picks the container a remediation acts on out of a workload's pod template. */
import type { V1Container, V1Deployment, V1PodTemplateSpec } from "@kubernetes/client-node";

/** The chosen container, or why none could be chosen. */
export type ContainerChoice = { container: V1Container; error?: undefined } | { container?: undefined; error: string };

/**
 * The container named `name` in `template`; without a name, the only
 * container, because guessing among several could change the wrong one.
 * `owner` names the workload in messages ("deployment shop/web").
 */
export function chooseContainer(template: V1PodTemplateSpec | undefined, owner: string, name?: string): ContainerChoice {
  const containers = template?.spec?.containers ?? [];
  const names = containers.map((c) => c.name).join(", ");
  if (name) {
    const container = containers.find((c) => c.name === name);
    return container ? { container } : { error: `${owner} has no container ${name} (containers: ${names})` };
  }
  const [only] = containers;
  if (containers.length === 1 && only) return { container: only };
  return { error: `${owner} has ${containers.length} containers (${names}); name one with the container argument` };
}

/** The container named `name` in a Deployment's pod template, e.g. in the object a patch returned. */
export function deploymentContainer(deployment: V1Deployment, name: string): V1Container | undefined {
  return deployment.spec?.template?.spec?.containers?.find((c) => c.name === name);
}
