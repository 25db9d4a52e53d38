/**
 * `make run`: the local control plane with the CRDs installed, and the
 * operator running against it with the rule engine and the default policy
 * (plus the `demo` namespace allowed). Runs until Ctrl-C.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { isApiStatus, loadKubeConfig } from "../../lib/kube/client.js";
import { configFromEnv } from "../../operator/config.js";
import { startOperator } from "../../operator/main.js";
import { ControlPlane, REPO_ROOT, waitForServiceAccount } from "./control-plane.js";
import { setEnvValues } from "./env-file.js";
import { onShutdownSignal } from "../../lib/shutdown.js";

const STATE_DIR = join(REPO_ROOT, ".kubefix");

async function ensureNamespace(kubeconfig: string, name: string): Promise<void> {
  const kc = loadKubeConfig(kubeconfig);
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } })
    .catch((err: unknown) => {
      if (!isApiStatus(err, 409)) throw err;
    });
  await waitForServiceAccount(kc, name);
}

async function main(): Promise<void> {
  await mkdir(STATE_DIR, { recursive: true });
  // Only an explicit opt-in points the operator at the cluster KUBECONFIG names: a shell that
  // happens to have KUBECONFIG set to production must not get an operator by accident.
  const external = process.env.KUBEFIX_USE_KUBECONFIG === "1" ? process.env.KUBECONFIG : undefined;
  const cp = external ? undefined : await ControlPlane.start({ workDir: join(STATE_DIR, "cluster"), nodes: 3, verbose: true });
  const kubeconfig = external ?? cp!.info.adminKubeconfig;
  if (cp) await setEnvValues(join(STATE_DIR, "local.env"), { KUBECONFIG: kubeconfig });
  const config = configFromEnv({ KUBEFIX_ALLOWED_NAMESPACES: "default,demo", ...process.env });
  await ensureNamespace(kubeconfig, config.namespace);
  await ensureNamespace(kubeconfig, "demo");
  const operator = await startOperator({ kc: loadKubeConfig(kubeconfig), config });
  process.stdout.write(
    [
      "",
      `kubefix operator is running in namespace ${config.namespace} (rule engine; allowed: ${config.policy.allowedNamespaces.join(", ")}).`,
      `  KUBECONFIG=${kubeconfig}`,
      ...(cp ? [`  logs of the control plane: ${join(cp.info.workDir, "logs")}`] : []),
      "",
      "Try it from another shell:",
      `  source .kubefix/local.env && export KUBECONFIG`,
      "  kubectl -n demo create deployment web --image=nginx",
      `  kubectl get incidents -n ${config.namespace} -w`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  onShutdownSignal(async () => {
    process.stdout.write("stopping...\n");
    await operator.stop();
    await cp?.stop();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
