/**
 * vitest globalSetup of the integration project: one control plane for all
 * integration files, started before the first and stopped after the last.
 * Set KUBEFIX_KEEP_CLUSTER=1 to keep its work dir (logs, kubeconfigs).
 */
import type { TestProject } from "vitest/node";
import { ControlPlane, type ControlPlaneInfo } from "./control-plane.js";

declare module "vitest" {
  export interface ProvidedContext {
    controlPlane: ControlPlaneInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cp = await ControlPlane.start({ nodes: 2, verbose: true });
  project.provide("controlPlane", cp.info);
  return async () => {
    if (process.env.KUBEFIX_KEEP_CLUSTER) await cp.stop();
    else await cp.destroy();
  };
}
