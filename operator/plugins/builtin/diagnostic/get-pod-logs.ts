/** get_pod_logs: the tail of a container's log, through the apiserver's pods/log subresource. */
import { CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { z } from "zod";
import { apiErrorMessage } from "../../../../lib/kube/client.js";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { failed, guarded } from "./outcome.js";
import { abortable } from "./request-options.js";

/** The most log bytes a result carries. */
export const MAX_LOG_BYTES = 64 * 1024;

const args = z.object({
  namespace: namespaceArg,
  pod_name: nameArg("Pod"),
  container: z
    .string()
    .max(63)
    .optional()
    .describe("Container name; defaults to the pod's default container (or its first one)"),
  tail_lines: z.number().int().min(1).max(1000).default(100).describe("How many lines from the end of the log"),
  previous: z.boolean().default(false).describe("Read the log of the previous, terminated instance of the container"),
});

/** The container kubectl would pick: the default-container annotation, else the first container. */
export function defaultContainer(pod: V1Pod): string | undefined {
  return pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"] ?? pod.spec?.containers[0]?.name;
}

async function podLogs(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name: a.pod_name, namespace: a.namespace }, options);
  const container = a.container ?? defaultContainer(pod);
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (!container || !names.includes(container)) {
    return failed(`pod ${a.namespace}/${a.pod_name} has no container ${String(container)} (containers: ${names.join(", ")})`);
  }
  const where = `${a.namespace}/${a.pod_name}/${container}${a.previous ? " (previous instance)" : ""}`;
  let logs: string;
  try {
    logs = await core.readNamespacedPodLog(
      { name: a.pod_name, namespace: a.namespace, container, tailLines: a.tail_lines, previous: a.previous, limitBytes: MAX_LOG_BYTES },
      options,
    );
  } catch (err) {
    // The apiserver proxies logs from the node's kubelet; an unreachable kubelet is the usual cause.
    const node = pod.spec?.nodeName ? ` (node ${pod.spec.nodeName})` : " (pod not scheduled)";
    return failed(`logs of ${where} are unavailable${node}: ${apiErrorMessage(err)}`);
  }
  const lines = logs.split("\n").filter((line) => line.length > 0);
  return {
    ok: true,
    summary: `${lines.length} log lines of ${where}`,
    data: { logs, container, lines: lines.length, truncated: Buffer.byteLength(logs) >= MAX_LOG_BYTES },
  };
}

/** get_pod_logs */
export const getPodLogsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_pod_logs",
  description: "获取 Pod 日志",
  args,
  run: (ctx, a) => guarded({ kind: "pod", name: a.pod_name, namespace: a.namespace }, () => podLogs(ctx, a)),
});
