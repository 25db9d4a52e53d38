import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { CoreV1Api, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { inject } from "vitest";
import { apiErrorMessage, loadKubeConfig } from "../../lib/kube/client.js";
import { waitForServiceAccount } from "../harness/control-plane.js";

export { ADMIN_USER } from "../harness/control-plane.js";
import { sleep } from "../harness/processes.js";

const run = promisify(execFile);

/** The shared control plane started by the integration project's globalSetup. */
export const controlPlane = inject("controlPlane");

export const adminKube = (): KubeConfig => loadKubeConfig(controlPlane.adminKubeconfig);
export const userKube = (): KubeConfig => loadKubeConfig(controlPlane.userKubeconfig);

/** Runs the control plane's kubectl; resolves with stdout, or rejects with stderr in the message. */
export async function kubectl(args: string[], kubeconfig = controlPlane.adminKubeconfig): Promise<string> {
  try {
    const { stdout } = await run(controlPlane.kubectl, [`--kubeconfig=${kubeconfig}`, ...args]);
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(" ")}: ${e.stderr ?? e.message}`);
  }
}

/** Creates a namespace with a unique name and waits for its default ServiceAccount. */
export async function createNamespace(prefix: string): Promise<string> {
  const kc = adminKube();
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  await waitForServiceAccount(kc, name);
  return name;
}

/** Polls `probe` until it returns a value that is not undefined; fails with the last seen state. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${apiErrorMessage(last)}` : ""}`);
}

/** A bare pod with one container; `annotations` select a kwok failure mode. */
export function podManifest(name: string, annotations: Record<string, string> = {}, cpu = "100m"): V1Pod {
  return {
    metadata: { name, annotations, labels: { app: name } },
    spec: {
      containers: [
        {
          name: "app",
          image: "registry.example/app:1.0",
          resources: { requests: { cpu, memory: "64Mi" }, limits: { memory: "128Mi" } },
        },
      ],
    },
  };
}
