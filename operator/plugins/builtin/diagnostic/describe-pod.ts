/** describe_pod: a pod, the controllers above it and its events. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { eventsAbout, reasonDigest } from "./events.js";
import { guarded } from "./outcome.js";
import { kubeOwnerReader } from "../../../../lib/kube/owner-reader.js";
import { chainText, podOwnership, type Owned, type PodOwnership } from "../../../../lib/kube/owners.js";
import { describePodLine } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, pod_name: nameArg("Pod") });

/** Data keys for the workload objects met on the way up, as the rule engine names them. */
const OWNER_KEYS: Record<string, string> = {
  Deployment: "deployment",
  StatefulSet: "statefulSet",
  DaemonSet: "daemonSet",
  Job: "job",
  CronJob: "cronJob",
};

/** The workload objects of a chain whose uids matched, under their data keys. */
function ownerData(owners: readonly Owned[], ownership: PodOwnership): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  ownership.chain.slice(1).forEach((link, i) => {
    const key = OWNER_KEYS[link.kind];
    const obj = owners[i];
    if (key && obj) data[key] = trimObject(obj);
  });
  return data;
}

/** The ownership, and the owner objects read on the way up (every one checked by uid). */
async function ownersOf(ctx: PluginContext, pod: Owned, options: ReturnType<typeof abortable>): Promise<{ ownership: PodOwnership; owners: Owned[] }> {
  const owners: Owned[] = [];
  const read = kubeOwnerReader(ctx.kc, options);
  const ownership = await podOwnership(pod, async (namespace, ref) => {
    const owner = await read(namespace, ref);
    if (owner?.metadata?.uid === ref.uid) owners.push(owner);
    return owner;
  });
  return { ownership, owners };
}

async function describePod(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name: a.pod_name, namespace: a.namespace }, options);
  const [{ ownership, owners }, events] = await Promise.all([
    ownersOf(ctx, pod, options),
    eventsAbout(core, a.namespace, [{ kind: "Pod", name: a.pod_name }], options),
  ]);
  const chain = ownership.chain;
  const unresolved = ownership.problem === undefined ? "" : ` (${ownership.problem})`;
  const ownedBy = chain.length > 1 || unresolved ? `; owned by ${chainText(chain.slice(1))}${unresolved}` : "";
  const eventLine = events.length > 0 ? `; events: ${reasonDigest(events)}` : "; no events";
  return {
    ok: true,
    summary: `pod ${describePodLine(pod)}${ownedBy}${eventLine}`,
    data: { pod: trimObject(pod), ownerChain: chain, podOwners: [ownership], events, ...ownerData(owners, ownership) },
  };
}

/** describe_pod */
export const describePodPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_pod",
  description: "查看 Pod 详情（含归属链与事件）",
  args,
  run: (ctx, a) => guarded({ kind: "pod", name: a.pod_name, namespace: a.namespace }, () => describePod(ctx, a)),
});
