/**
 * The single entry point: `kubefix operator | api | all`. Settings come from
 * the environment (lib/settings/operator-config.ts, api/config.ts, lib/settings) and the
 * cluster from KUBECONFIG or the in-cluster service account.
 */
import { apiConfigFromEnv } from "../api/config.js";
import { startApi, type RunningApi } from "../api/server.js";
import { startProbeServer } from "../lib/http/probe-server.js";
import { loadKubeConfig } from "../lib/kube/client.js";
import { logger } from "../lib/logger.js";
import { onShutdownSignal } from "../lib/shutdown.js";
import { VERSION } from "../lib/version.js";
import { configFromEnv } from "../lib/settings/operator-config.js";
import { startOperator, type RunningOperator } from "../operator/main.js";

const USAGE = "usage: kubefix operator|api|all";
const ROLES = ["operator", "api", "all"];

async function main(role: string | undefined): Promise<void> {
  if (!role || !ROLES.includes(role)) throw new Error(USAGE);
  const config = configFromEnv();
  const kc = loadKubeConfig(process.env.KUBECONFIG || undefined);
  let operator: RunningOperator | undefined;
  let api: RunningApi | undefined;
  if (role !== "api") operator = await startOperator({ kc, config });
  if (role !== "operator") {
    const apiConfig = apiConfigFromEnv();
    api = await startApi({ kc, namespace: config.namespace, address: apiConfig.address, databasePath: apiConfig.databasePath, version: VERSION });
  }
  // The facade serves /healthz and /metrics itself; the probe server is the operator's.
  const [host, port] = config.probeAddress.split(":");
  const probes = operator ? await startProbeServer({ host: host || "0.0.0.0", port: Number(port), ready: () => true }) : undefined;
  if (probes) logger.info({ address: config.probeAddress }, "serving /healthz, /readyz and /metrics");
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, "shutting down");
    await api?.close();
    await operator?.stop();
    await probes?.close();
  });
}

main(process.argv[2]).catch((err: unknown) => {
  logger.fatal({ error: err instanceof Error ? err.message : String(err) }, "kubefix could not start");
  process.exit(1);
});
