/**
 * get_configmap_secret_refs: which ConfigMaps and Secrets a pod or Deployment
 * references, and which of them (or of their keys) are missing. Secret values
 * never leave this file: only key names are kept.
 */
import { AppsV1Api, CoreV1Api, type ConfigurationOptions, type V1PodSpec } from "@kubernetes/client-node";
import { z } from "zod";
import { apiErrorMessage, isApiStatus } from "../../../../lib/kube/client.js";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { configRefsOf, missingRefs, objectKey, type ConfigRef, type MissingRef } from "./config-refs.js";
import { plural } from "./counts.js";
import { failed, guarded, type Subject } from "./outcome.js";
import { abortable } from "./request-options.js";

const args = z
  .object({
    namespace: namespaceArg,
    pod_name: nameArg("Pod (give this or deployment_name)").optional(),
    deployment_name: nameArg("Deployment (give this or pod_name)").optional(),
  })
  .refine((a) => Boolean(a.pod_name) !== Boolean(a.deployment_name), {
    message: "give exactly one of pod_name and deployment_name",
  });

/** What reading the referenced objects found. */
interface Lookup {
  existing: Map<string, Set<string>>;
  unreadable: Map<string, string>;
}

async function keysOf(core: CoreV1Api, r: ConfigRef, namespace: string, options: ConfigurationOptions): Promise<Set<string>> {
  if (r.kind === "ConfigMap") {
    const cm = await core.readNamespacedConfigMap({ name: r.name, namespace }, options);
    return new Set([...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})]);
  }
  const secret = await core.readNamespacedSecret({ name: r.name, namespace }, options);
  return new Set(Object.keys(secret.data ?? {}));
}

async function lookUp(core: CoreV1Api, refs: readonly ConfigRef[], namespace: string, options: ConfigurationOptions): Promise<Lookup> {
  const lookup: Lookup = { existing: new Map(), unreadable: new Map() };
  const distinct = [...new Map(refs.map((r) => [objectKey(r), r])).values()];
  await Promise.all(
    distinct.map(async (r) => {
      try {
        lookup.existing.set(objectKey(r), await keysOf(core, r, namespace, options));
      } catch (err) {
        if (!isApiStatus(err, 404)) lookup.unreadable.set(objectKey(r), apiErrorMessage(err));
      }
    }),
  );
  return lookup;
}

async function podSpecOf(ctx: PluginContext, a: z.output<typeof args>, options: ConfigurationOptions): Promise<V1PodSpec | undefined> {
  if (a.pod_name) {
    const pod = await ctx.kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: a.pod_name, namespace: a.namespace }, options);
    return pod.spec;
  }
  const name = a.deployment_name ?? "";
  const deployment = await ctx.kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name, namespace: a.namespace }, options);
  return deployment.spec?.template.spec;
}

function missingLine(missing: readonly MissingRef[]): string {
  return missing.map((m) => `${m.kind}/${m.name}${m.key ? ` key ${m.key}` : ""} (${m.usedBy})`).join(", ");
}

async function configRefs(ctx: PluginContext, a: z.output<typeof args>, subject: Subject): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const refs = configRefsOf(await podSpecOf(ctx, a, options));
  const { existing, unreadable } = await lookUp(ctx.kc.makeApiClient(CoreV1Api), refs, a.namespace, options);
  const missing = missingRefs(refs, existing, new Set(unreadable.keys()));
  const counted = plural(new Set(refs.map(objectKey)).size, "ConfigMap/Secret", "ConfigMaps/Secrets");
  // true, false, or null when the object could not be read.
  const exists = (r: ConfigRef): boolean | null => (unreadable.has(objectKey(r)) ? null : existing.has(objectKey(r)));
  const state = missing.length > 0 ? `MISSING: ${missingLine(missing)}` : "none missing";
  const notRead = unreadable.size > 0 ? `; could not read ${[...unreadable.keys()].join(", ")}` : "";
  return {
    ok: true,
    summary: `${subject.kind} ${a.namespace}/${subject.name} references ${counted}; ${state}${notRead}`,
    data: {
      refs: refs.map((r) => ({ ...r, exists: exists(r) })),
      missingRefs: missing,
      unreadable: [...unreadable.entries()].map(([object, error]) => ({ object, error })),
    },
  };
}

/** get_configmap_secret_refs */
export const getConfigRefsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_configmap_secret_refs",
  description: "检查引用的 ConfigMap/Secret 是否缺失",
  args,
  run: (ctx, a) => {
    const name = a.pod_name ?? a.deployment_name;
    if (!name) return Promise.resolve(failed("give exactly one of pod_name and deployment_name"));
    const subject: Subject = { kind: a.pod_name ? "pod" : "deployment", name, namespace: a.namespace };
    return guarded(subject, () => configRefs(ctx, a, subject));
  },
});
