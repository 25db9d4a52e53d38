/** The pods a workload's label selector picks. */
import type { ConfigurationOptions, CoreV1Api, V1LabelSelector, V1Pod } from "@kubernetes/client-node";
import { selectorString } from "../../../../lib/kube/label-selector.js";

/** Pods in `namespace` matching `selector`; none for an empty selector, which selects nothing in a workload. */
export async function podsSelectedBy(
  core: CoreV1Api,
  namespace: string,
  selector: V1LabelSelector | undefined,
  options: ConfigurationOptions,
): Promise<V1Pod[]> {
  const labelSelector = selectorString(selector);
  if (!labelSelector) return [];
  return (await core.listNamespacedPod({ namespace, labelSelector }, options)).items;
}

/** The images of a pod template's containers, "app=registry/app:1.2". */
export function templateImages(spec: { containers?: { name: string; image?: string }[] } | undefined): string {
  return (spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? "?"}`).join(", ");
}
