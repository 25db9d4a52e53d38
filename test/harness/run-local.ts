/**
 * `make run`: the local control plane with the CRDs installed, the operator
 * running against it with the rule engine and the default policy (plus the
 * `demo` namespace allowed), and the REST facade beside it (`kubefix all`).
 * Prints the API address and an admin token and writes both to
 * .kubefix/local.env. Runs until Ctrl-C.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { isApiStatus, loadKubeConfig } from "../../lib/kube/client.js";
import { configFromEnv } from "../../lib/settings/operator-config.js";
import { startOperator } from "../../operator/main.js";
import { ADMIN_ROLE } from "../../api/auth/roles.js";
import { startApi } from "../../api/server.js";
import { VERSION } from "../../lib/version.js";
import { applyUserRoles, userToken } from "./api-users.js";
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
  // Set in the environment, not just the operator's config, so the facade's GET /api/config shows the same.
  process.env.KUBEFIX_ALLOWED_NAMESPACES ??= "default,demo";
  const config = configFromEnv(process.env);
  await ensureNamespace(kubeconfig, config.namespace);
  await ensureNamespace(kubeconfig, "demo");
  const kc = loadKubeConfig(kubeconfig);
  const operator = await startOperator({ kc, config });
  const api = await startApi({
    kc,
    namespace: config.namespace,
    address: process.env.KUBEFIX_API_ADDRESS ?? "127.0.0.1:0",
    databasePath: process.env.KUBEFIX_DB_PATH ?? join(STATE_DIR, "index.db"),
    version: VERSION,
  });
  await applyUserRoles(kc);
  const token = await userToken(kc, { namespace: config.namespace, name: "kubefix-local-admin", clusterRole: ADMIN_ROLE, hours: 24 });
  await setEnvValues(join(STATE_DIR, "local.env"), { KUBEFIX_API: api.url, KUBEFIX_TOKEN: token });
  process.stdout.write(
    [
      "",
      `kubefix operator is running in namespace ${config.namespace} (rule engine; allowed: ${config.policy.allowedNamespaces.join(", ")}).`,
      `  KUBECONFIG=${kubeconfig}`,
      `  REST API: ${api.url}  (OpenAPI at ${api.url}/docs)`,
      `  admin token (24 h): ${token}`,
      ...(cp ? [`  logs of the control plane: ${join(cp.info.workDir, "logs")}`] : []),
      "",
      "Try it from another shell:",
      `  set -a && source .kubefix/local.env && set +a`,
      "  kubectl -n demo create deployment web --image=nginx",
      `  kubectl get incidents -n ${config.namespace} -w`,
      `  curl -s -H "Authorization: Bearer $KUBEFIX_TOKEN" $KUBEFIX_API/api/incidents`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  onShutdownSignal(async () => {
    process.stdout.write("stopping...\n");
    await api.close();
    await operator.stop();
    await cp?.stop();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
