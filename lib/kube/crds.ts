import { ApiextensionsV1Api, type KubeConfig, type V1CustomResourceDefinition } from "@kubernetes/client-node";
import { retryOnConflict } from "../controller/retry-on-conflict.js";
import { isApiStatus } from "./client.js";

const established = (crd: V1CustomResourceDefinition): boolean =>
  (crd.status?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");

async function createOrReplace(api: ApiextensionsV1Api, body: V1CustomResourceDefinition): Promise<void> {
  try {
    await api.createCustomResourceDefinition({ body });
  } catch (err) {
    if (!isApiStatus(err, 409)) throw err;
    const name = body.metadata?.name ?? "";
    // Another installer may replace it between our read and our write: read again and replace over that.
    await retryOnConflict(async () => {
      const current = await api.readCustomResourceDefinition({ name });
      const metadata = { ...body.metadata, resourceVersion: current.metadata?.resourceVersion };
      await api.replaceCustomResourceDefinition({ name, body: { ...body, metadata } });
    });
  }
}

async function waitEstablished(api: ApiextensionsV1Api, name: string, deadline: number): Promise<void> {
  while (!established(await api.readCustomResourceDefinition({ name }))) {
    if (Date.now() > deadline) throw new Error(`CRD ${name} is not Established`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates or replaces each CRD, then waits until the apiserver serves all of them. */
export async function installCrds(
  kc: KubeConfig,
  crds: V1CustomResourceDefinition[],
  timeoutMs = 30_000,
): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  for (const body of crds) await createOrReplace(api, body);
  const deadline = Date.now() + timeoutMs;
  for (const body of crds) await waitEstablished(api, body.metadata?.name ?? "", deadline);
}
