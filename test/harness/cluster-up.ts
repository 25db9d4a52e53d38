/**
 * `make cluster-up`: starts the local control plane for manual use, writes
 * KUBECONFIG into .kubefix/local.env, and runs until interrupted.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ControlPlane, REPO_ROOT } from "./control-plane.js";
import { setEnvValues } from "./env-file.js";
import { onShutdownSignal } from "../../lib/shutdown.js";

const STATE_DIR = join(REPO_ROOT, ".kubefix");
const ENV_FILE = join(STATE_DIR, "local.env");

async function main(): Promise<void> {
  await mkdir(STATE_DIR, { recursive: true });
  const cp = await ControlPlane.start({ workDir: join(STATE_DIR, "cluster"), nodes: 3, verbose: true });
  await setEnvValues(ENV_FILE, { KUBECONFIG: cp.info.adminKubeconfig });
  process.stdout.write(
    [
      "",
      "kubefix local control plane is up.",
      `  API server:        ${cp.info.server}`,
      `  admin kubeconfig:  ${cp.info.adminKubeconfig}`,
      `  no-rights user:    ${cp.info.userKubeconfig}`,
      `  kubectl:           ${cp.info.kubectl}`,
      `  logs:              ${join(cp.info.workDir, "logs")}`,
      "",
      `Use it from another shell:  source ${ENV_FILE} && export KUBECONFIG && kubectl get nodes,kubefix -A`,
      "Press Ctrl-C to stop it.",
      "",
    ].join("\n"),
  );
  onShutdownSignal(async () => {
    process.stdout.write("stopping the control plane...\n");
    await cp.stop();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
