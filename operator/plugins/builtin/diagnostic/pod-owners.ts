/** The owners of the pods a diagnostic plugin returns, read from the cluster, for the `podOwners` data key. */
import type { ConfigurationOptions, KubeConfig, V1Pod } from "@kubernetes/client-node";
import { kubeOwnerReader } from "../../../../lib/kube/owner-reader.js";
import { podOwnerships, type PodOwnership } from "../../../../lib/kube/owners.js";

/** Who owns each pod, each shared owner read once. */
export function podOwnersOf(kc: KubeConfig, pods: readonly V1Pod[], options: ConfigurationOptions): Promise<PodOwnership[]> {
  return podOwnerships(pods, kubeOwnerReader(kc, options));
}
