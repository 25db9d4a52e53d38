/**
 * The single entry point: `kubefix operator | api | all`. Settings come from
 * the environment (see operator/config.ts) and the cluster from KUBECONFIG
 * or the in-cluster service account.
 */
import { loadKubeConfig } from "../lib/kube/client.js";
import { logger } from "../lib/logger.js";
import { onShutdownSignal } from "../lib/shutdown.js";
import { startProbeServer } from "../lib/http/probe-server.js";
import { configFromEnv } from "../operator/config.js";
import { startOperator } from "../operator/main.js";

const USAGE = "usage: kubefix operator|api|all";

async function main(role: string | undefined): Promise<void> {
  if (role === "api" || role === "all") {
    throw new Error(`the '${role}' role needs the REST facade, which is not built yet (issue #4); run 'kubefix operator'`);
  }
  if (role !== "operator") throw new Error(USAGE);
  const config = configFromEnv();
  const operator = await startOperator({ kc: loadKubeConfig(process.env.KUBECONFIG || undefined), config });
  const [host, port] = config.probeAddress.split(":");
  const probes = await startProbeServer({ host: host || "0.0.0.0", port: Number(port), ready: () => true });
  logger.info({ address: config.probeAddress }, "serving /healthz, /readyz and /metrics");
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, "shutting down");
    await operator.stop();
    await probes.close();
  });
}

main(process.argv[2]).catch((err: unknown) => {
  logger.fatal({ error: err instanceof Error ? err.message : String(err) }, "kubefix could not start");
  process.exit(1);
});
