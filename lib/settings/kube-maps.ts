/**
 * Reads and merge-patches the data of kubefix's own ConfigMaps and Secrets.
 * Writes touch only the keys given, so two writers of different keys never
 * undo each other, and a missing object is created on first write.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import { isApiStatus } from "../kube/client.js";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Labels on every object kubefix's settings live in. */
export const settingsLabels = (component: string): Record<string, string> => ({
  "app.kubernetes.io/part-of": "kubefix",
  "app.kubernetes.io/component": component,
});

type DataPatch = Readonly<Record<string, string | null>>;

const present = (data: DataPatch): Record<string, string> =>
  Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => e[1] !== null));

const encodeSecret = (data: DataPatch): Record<string, string | null> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === null ? null : Buffer.from(v, "utf8").toString("base64")]));

const decodeSecret = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));

// Patch first (the usual case); create on 404; a create that lost a race with another writer patches after all.
async function patchOrCreate(patch: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
  try {
    await patch();
    return;
  } catch (err) {
    if (!isApiStatus(err, 404)) throw err;
  }
  try {
    await create();
  } catch (err) {
    if (!isApiStatus(err, 409)) throw err;
    await patch();
  }
}

const undefinedOn404 = (err: unknown): undefined => {
  if (isApiStatus(err, 404)) return undefined;
  throw err;
};

/** The ConfigMaps and Secrets of one namespace, labelled as `component` of kubefix. */
export class SettingsMaps {
  private readonly core: CoreV1Api;

  constructor(kc: KubeConfig, readonly namespace: string, private readonly component: string) {
    this.core = kc.makeApiClient(CoreV1Api);
  }

  /** The ConfigMap's data; undefined when it does not exist. */
  async configMapData(name: string): Promise<Record<string, string> | undefined> {
    const cm = await this.core.readNamespacedConfigMap({ name, namespace: this.namespace }).catch(undefinedOn404);
    return cm ? (cm.data ?? {}) : undefined;
  }

  /** The Secret's data, decoded; undefined when it does not exist. */
  async secretData(name: string): Promise<Record<string, string> | undefined> {
    const secret = await this.core.readNamespacedSecret({ name, namespace: this.namespace }).catch(undefinedOn404);
    return secret ? decodeSecret(secret.data ?? {}) : undefined;
  }

  /** Sets (string) or removes (null) ConfigMap keys, creating the ConfigMap if needed. */
  async mergeConfigMap(name: string, data: DataPatch): Promise<void> {
    const { namespace } = this;
    const labels = settingsLabels(this.component);
    await patchOrCreate(
      () => this.core.patchNamespacedConfigMap({ name, namespace, body: { metadata: { labels }, data } }, mergePatch),
      () => this.core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels }, data: present(data) } }),
    );
  }

  /** Sets (string) or removes (null) Secret keys, creating the Secret if needed. */
  async mergeSecret(name: string, data: DataPatch): Promise<void> {
    const { namespace } = this;
    const labels = settingsLabels(this.component);
    const encoded = encodeSecret(data);
    await patchOrCreate(
      () => this.core.patchNamespacedSecret({ name, namespace, body: { metadata: { labels }, data: encoded } }, mergePatch),
      () =>
        this.core.createNamespacedSecret({
          namespace,
          body: { metadata: { name, labels }, type: "Opaque", data: present(encoded) },
        }),
    );
  }
}
