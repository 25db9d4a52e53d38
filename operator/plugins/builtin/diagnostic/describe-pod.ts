/** describe_pod: a pod, the controllers above it and its events. */
import { CoreV1Api } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { eventsAbout, reasonDigest } from "./events.js";
import { guarded } from "./outcome.js";
import { kubeOwnerReader, walkOwnerChain, type Owned } from "./owner-chain.js";
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

function ownerData(owners: Map<string, Owned>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [kind, obj] of owners) {
    const key = OWNER_KEYS[kind];
    if (key) data[key] = trimObject(obj);
  }
  return data;
}

async function describePod(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name: a.pod_name, namespace: a.namespace }, options);
  const [{ chain, owners }, events] = await Promise.all([
    walkOwnerChain("Pod", pod, kubeOwnerReader(ctx.kc, a.namespace, options)),
    eventsAbout(core, a.namespace, [{ kind: "Pod", name: a.pod_name }], options),
  ]);
  const ownedBy = chain.length > 1 ? `; owned by ${chain.slice(1).map((l) => `${l.kind}/${l.name}`).join(" → ")}` : "";
  const eventLine = events.length > 0 ? `; events: ${reasonDigest(events)}` : "; no events";
  return {
    ok: true,
    summary: `pod ${describePodLine(pod)}${ownedBy}${eventLine}`,
    data: { pod: trimObject(pod), ownerChain: chain, events, ...ownerData(owners) },
  };
}

/** describe_pod */
export const describePodPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_pod",
  description: "查看 Pod 详情（含归属链与事件）",
  args,
  run: (ctx, a) => guarded({ kind: "pod", name: a.pod_name, namespace: a.namespace }, () => describePod(ctx, a)),
});
