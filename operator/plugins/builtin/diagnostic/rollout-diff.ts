/** What changed between two pod templates: container images and resources. */
import type { V1PodTemplateSpec, V1ResourceRequirements } from "@kubernetes/client-node";

/** A container's image and resources as written in a template. */
export interface ContainerFacts {
  image: string;
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** The facts of each container of a template, by container name. */
export function templateFacts(template: V1PodTemplateSpec | undefined): Record<string, ContainerFacts> {
  const facts: Record<string, ContainerFacts> = {};
  for (const c of template?.spec?.containers ?? []) {
    const resources: V1ResourceRequirements = c.resources ?? {};
    facts[c.name] = { image: c.image ?? "", requests: { ...resources.requests }, limits: { ...resources.limits } };
  }
  return facts;
}

function resourceChanges(name: string, field: "requests" | "limits", before: ContainerFacts, after: ContainerFacts): string[] {
  const keys = [...new Set([...Object.keys(before[field]), ...Object.keys(after[field])])].sort();
  return keys
    .filter((k) => before[field][k] !== after[field][k])
    .map((k) => `${name} ${field}.${k} ${before[field][k] ?? "unset"} → ${after[field][k] ?? "unset"}`);
}

function containerChanges(name: string, before: ContainerFacts | undefined, after: ContainerFacts | undefined): string[] {
  if (!before) return [`container ${name} added (${after?.image ?? "?"})`];
  if (!after) return [`container ${name} removed`];
  const image = before.image !== after.image ? [`${name} image ${before.image} → ${after.image}`] : [];
  return [...image, ...resourceChanges(name, "requests", before, after), ...resourceChanges(name, "limits", before, after)];
}

/** Human lines for each image or resource difference from `before` to `after`. */
export function templateChanges(before: Record<string, ContainerFacts>, after: Record<string, ContainerFacts>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name) => containerChanges(name, before[name], after[name]));
}
