/** The ConfigMaps and Secrets a pod spec references, and which of them are missing. */
import type { V1Container, V1PodSpec, V1Volume } from "@kubernetes/client-node";

/** One place a pod spec references a ConfigMap or Secret (or one key of it). */
export interface ConfigRef {
  kind: "ConfigMap" | "Secret";
  name: string;
  key?: string;
  optional: boolean;
  usedBy: string;
}

/** A reference as the rule engine reads it: what is missing and who needs it. */
export interface MissingRef {
  kind: "ConfigMap" | "Secret";
  name: string;
  key?: string;
  usedBy: string;
}

/** What the cluster holds: the keys of each object that exists, by "Kind/name"; absent means it does not exist. */
export type KeysByObject = ReadonlyMap<string, ReadonlySet<string>>;

/** The fields a reference source has, whatever its API type. */
interface Source {
  name?: string;
  key?: string;
  optional?: boolean;
  items?: { key: string }[];
}

type Kind = ConfigRef["kind"];

/** A reference to a whole object, or to one key when `source.key` is set. */
function ref(kind: Kind, source: Source, usedBy: string): ConfigRef {
  return {
    kind,
    name: source.name ?? "",
    optional: source.optional ?? false,
    usedBy,
    ...(source.key ? { key: source.key } : {}),
  };
}

/** A whole-object reference, or one per listed item key: a missing item key fails the mount too. */
function mountRefs(kind: Kind, source: Source | undefined, usedBy: string): ConfigRef[] {
  if (!source) return [];
  const items = source.items ?? [];
  if (items.length === 0) return [ref(kind, source, usedBy)];
  return items.map((item) => ref(kind, { ...source, key: item.key }, usedBy));
}

const present = (r: ConfigRef | undefined): r is ConfigRef => r !== undefined;

function containerRefs(c: V1Container): ConfigRef[] {
  const env = (c.env ?? []).flatMap((e) => {
    const usedBy = `container ${c.name} env ${e.name}`;
    const cm = e.valueFrom?.configMapKeyRef;
    const secret = e.valueFrom?.secretKeyRef;
    return [cm && ref("ConfigMap", cm, usedBy), secret && ref("Secret", secret, usedBy)].filter(present);
  });
  const envFrom = (c.envFrom ?? []).flatMap((f) => {
    const usedBy = `container ${c.name} envFrom`;
    return [f.configMapRef && ref("ConfigMap", f.configMapRef, usedBy), f.secretRef && ref("Secret", f.secretRef, usedBy)].filter(present);
  });
  return [...env, ...envFrom];
}

function volumeRefs(v: V1Volume): ConfigRef[] {
  const usedBy = `volume ${v.name}`;
  const secret = v.secret ? { ...v.secret, name: v.secret.secretName } : undefined;
  const projected = (v.projected?.sources ?? []).flatMap((s) => [
    ...mountRefs("ConfigMap", s.configMap, usedBy),
    ...mountRefs("Secret", s.secret, usedBy),
  ]);
  return [...mountRefs("ConfigMap", v.configMap, usedBy), ...mountRefs("Secret", secret, usedBy), ...projected];
}

/** Every ConfigMap and Secret reference of a pod spec, in spec order. */
export function configRefsOf(spec: V1PodSpec | undefined): ConfigRef[] {
  if (!spec) return [];
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  return [
    ...containers.flatMap(containerRefs),
    ...(spec.volumes ?? []).flatMap(volumeRefs),
    ...(spec.imagePullSecrets ?? []).map((s) => ref("Secret", s, "imagePullSecrets")),
  ].filter((r) => r.name !== "");
}

/** "Kind/name", the key of KeysByObject. */
export const objectKey = (r: { kind: string; name: string }): string => `${r.kind}/${r.name}`;

/** Merges references to the same thing, joining where they are used. */
function merge(refs: readonly ConfigRef[], withKey: boolean): MissingRef[] {
  const merged = new Map<string, MissingRef>();
  for (const r of refs) {
    const id = withKey ? `${objectKey(r)}/${r.key ?? ""}` : objectKey(r);
    const seen = merged.get(id);
    if (seen && !seen.usedBy.split(", ").includes(r.usedBy)) seen.usedBy = `${seen.usedBy}, ${r.usedBy}`;
    if (!seen) merged.set(id, { kind: r.kind, name: r.name, ...(withKey && r.key ? { key: r.key } : {}), usedBy: r.usedBy });
  }
  return [...merged.values()];
}

/**
 * The required references the cluster cannot satisfy: one entry per missing
 * object, and one per missing key of an object that exists. References to
 * objects that could not be read (`unreadable`) are left out: unknown is not missing.
 */
export function missingRefs(refs: readonly ConfigRef[], existing: KeysByObject, unreadable: ReadonlySet<string>): MissingRef[] {
  const required = refs.filter((r) => !r.optional && !unreadable.has(objectKey(r)));
  const missingObjects = required.filter((r) => !existing.has(objectKey(r)));
  const missingKeys = required.filter((r) => r.key !== undefined && existing.get(objectKey(r))?.has(r.key) === false);
  return [...merge(missingObjects, false), ...merge(missingKeys, true)];
}
