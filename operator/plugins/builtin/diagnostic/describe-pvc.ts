/** describe_pvc: a PersistentVolumeClaim, its StorageClass, the volume bound to it, and its events. */
import {
  CoreV1Api,
  StorageV1Api,
  type ConfigurationOptions,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1PersistentVolumeClaimSpec,
  type V1PersistentVolumeClaimStatus,
  type V1StorageClass,
} from "@kubernetes/client-node";
import { z } from "zod";
import { isApiStatus } from "../../../../lib/kube/client.js";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { eventsAbout, reasonDigest } from "./events.js";
import { guarded } from "./outcome.js";
import { abortable } from "./request-options.js";
import { trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, pvc_name: nameArg("PersistentVolumeClaim") });

/** Reads a cluster-scoped object, or undefined when it does not exist. */
async function readIfExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isApiStatus(err, 404)) return undefined;
    throw err;
  }
}

async function storageOf(
  ctx: PluginContext,
  className: string | undefined,
  volumeName: string | undefined,
  options: ConfigurationOptions,
): Promise<{ storageClass?: V1StorageClass; volume?: V1PersistentVolume }> {
  const storage = ctx.kc.makeApiClient(StorageV1Api);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const [storageClass, volume] = await Promise.all([
    className ? readIfExists(() => storage.readStorageClass({ name: className }, options)) : undefined,
    volumeName ? readIfExists(() => core.readPersistentVolume({ name: volumeName }, options)) : undefined,
  ]);
  return { storageClass, volume };
}

function classLine(className: string | undefined, storageClass: V1StorageClass | undefined): string {
  if (!className) return "no storage class (the cluster default applies at creation)";
  if (!storageClass) return `storage class ${className} does not exist`;
  return `storage class ${className} (${storageClass.provisioner}, ${storageClass.volumeBindingMode ?? "Immediate"})`;
}

function volumeLine(volumeName: string | undefined, volume: V1PersistentVolume | undefined): string {
  if (!volumeName) return "no volume bound";
  return volume ? `volume ${volumeName} (${volume.status?.phase ?? "?"})` : `volume ${volumeName} (missing)`;
}

function pvcLine(pvc: V1PersistentVolumeClaim, namespace: string, name: string): string {
  const status: V1PersistentVolumeClaimStatus = pvc.status ?? {};
  const requested = pvc.spec?.resources?.requests ?? {};
  const size = status.capacity?.storage ?? requested.storage ?? "?";
  return `pvc ${namespace}/${name} ${status.phase ?? "?"} (${size})`;
}

async function describePvc(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const pvc = await core.readNamespacedPersistentVolumeClaim({ name: a.pvc_name, namespace: a.namespace }, options);
  const spec: Partial<V1PersistentVolumeClaimSpec> = pvc.spec ?? {};
  const className = spec.storageClassName || undefined;
  const volumeName = spec.volumeName || undefined;
  const [{ storageClass, volume }, events] = await Promise.all([
    storageOf(ctx, className, volumeName, options),
    eventsAbout(core, a.namespace, [{ kind: "PersistentVolumeClaim", name: a.pvc_name }], options),
  ]);
  const summary = [
    pvcLine(pvc, a.namespace, a.pvc_name),
    classLine(className, storageClass),
    volumeLine(volumeName, volume),
    events.length > 0 ? `events: ${reasonDigest(events)}` : "no events",
  ].join("; ");
  return {
    ok: true,
    summary,
    data: {
      pvc: trimObject(pvc),
      storageClass: storageClass ? trimObject(storageClass) : null,
      storageClassMissing: Boolean(className && !storageClass),
      persistentVolume: volume ? trimObject(volume) : null,
      events,
    },
  };
}

/** describe_pvc */
export const describePvcPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "describe_pvc",
  description: "查看 PVC 详情（存储类、绑定的 PV 与事件）",
  args,
  run: (ctx, a) =>
    guarded({ kind: "pvc", name: a.pvc_name, namespace: a.namespace }, () => describePvc(ctx, a)),
});
