import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesListObject,
} from "@kubernetes/client-node";
import type { KindRef, Resource } from "../resources.js";

type AnyResource = Resource<unknown, unknown>;
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Create, read, list, patch and delete one kubefix kind in one namespace. */
export class KindClient<T extends AnyResource, Input extends AnyResource = T> {
  private readonly api: CustomObjectsApi;

  constructor(
    kc: KubeConfig,
    private readonly ref: KindRef,
    readonly namespace: string,
  ) {
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  private get base(): { group: string; version: string; plural: string; namespace: string } {
    const { group, version, plural } = this.ref;
    return { group, version, plural, namespace: this.namespace };
  }

  async create(body: Input, dryRun = false): Promise<T> {
    return (await this.api.createNamespacedCustomObject({
      ...this.base,
      body,
      ...(dryRun ? { dryRun: "All" } : {}),
    })) as T;
  }

  async get(name: string): Promise<T> {
    return (await this.api.getNamespacedCustomObject({ ...this.base, name })) as T;
  }

  async list(labelSelector?: string): Promise<KubernetesListObject<T>> {
    return (await this.api.listNamespacedCustomObject({
      ...this.base,
      ...(labelSelector ? { labelSelector } : {}),
    })) as KubernetesListObject<T>;
  }

  /** JSON merge-patch of the main resource; the apiserver ignores any status in it. */
  async patch(name: string, patch: object): Promise<T> {
    return (await this.api.patchNamespacedCustomObject({ ...this.base, name, body: patch }, mergePatch)) as T;
  }

  /** JSON merge-patch of the status subresource; the apiserver ignores any spec in it. */
  async patchStatus(name: string, patch: object): Promise<T> {
    return (await this.api.patchNamespacedCustomObjectStatus({ ...this.base, name, body: patch }, mergePatch)) as T;
  }

  async replace(name: string, body: T): Promise<T> {
    return (await this.api.replaceNamespacedCustomObject({ ...this.base, name, body })) as T;
  }

  async delete(name: string): Promise<void> {
    await this.api.deleteNamespacedCustomObject({ ...this.base, name });
  }
}
