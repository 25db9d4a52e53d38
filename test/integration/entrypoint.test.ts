/**
 * The single entry point as a user runs it: `kubefix all` and `kubefix api`
 * in their own processes, configured only by environment variables; the
 * index file deleted between two runs is rebuilt from the cluster.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_ROLE } from "../../api/auth/roles.js";
import { REPO_ROOT } from "../harness/control-plane.js";
import { applyUserRoles, userToken } from "../harness/api-users.js";
import { freePorts } from "../harness/ports.js";
import { adminKube, controlPlane, createNamespace, eventually } from "./helpers.js";

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function startKubefix(role: string, env: Record<string, string>, apiPort: number): Started {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "bin/kubefix.ts"), role], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: controlPlane.adminKubeconfig, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${apiPort}`, exited };
}

const ready = (url: string): Promise<true> =>
  eventually(`${url}/readyz`, async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), 90_000);

describe("kubefix all and kubefix api as processes", () => {
  let ns = "";
  let token = "";
  let dir = "";
  beforeAll(async () => {
    ns = await createNamespace("kf-entry");
    await applyUserRoles(adminKube());
    token = await userToken(adminKube(), { namespace: ns, name: "admin", clusterRole: ADMIN_ROLE });
    dir = mkdtempSync(join(tmpdir(), "kubefix-entry-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("`all` serves the API and the operator's probes, in the configured locale, and stops on SIGTERM", async () => {
    const [apiPort, probePort] = await freePorts(2);
    const run = startKubefix("all", {
      KUBEFIX_NAMESPACE: ns,
      KUBEFIX_API_ADDRESS: `127.0.0.1:${apiPort}`,
      KUBEFIX_PROBE_ADDRESS: `127.0.0.1:${probePort}`,
      KUBEFIX_DB_PATH: join(dir, "all", "index.db"),
      KUBEFIX_LOCALE: "en",
    }, apiPort!);
    try {
      await ready(run.url);
      expect((await fetch(`http://127.0.0.1:${probePort}/healthz`)).status).toBe(200);
      const bad = await fetch(`${run.url}/api/incidents?page=0`, { headers: { authorization: `Bearer ${token}` } });
      expect(await bad.json()).toEqual({ success: false, error: { code: "VALIDATION_ERROR", message: "Validation failed", details: [{ field: "page", message: "must be a positive integer" }] } });
      const status = (await (await fetch(`${run.url}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { plugins_loaded: number } };
      expect(status.data.plugins_loaded).toBeGreaterThanOrEqual(30);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
  });

  it("`api` alone rebuilds a deleted index from the cluster", async () => {
    const [apiPort] = await freePorts(1);
    const env = { KUBEFIX_NAMESPACE: ns, KUBEFIX_API_ADDRESS: `127.0.0.1:${apiPort}`, KUBEFIX_DB_PATH: join(dir, "api", "index.db") };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const first = startKubefix("api", env, apiPort!);
    let id = "";
    try {
      await ready(first.url);
      const posted = await fetch(`${first.url}/api/alert`, { method: "POST", headers, body: JSON.stringify({ message: "[告警] Disk pressure\n服务: billing\n命名空间: default" }) });
      id = ((await posted.json()) as { data: { incident_id: string } }).data.incident_id;
      expect(id).toMatch(/^INC-/);
    } finally {
      first.child.kill("SIGTERM");
    }
    expect(await first.exited).toBe(0);
    rmSync(join(dir, "api"), { recursive: true, force: true });

    const second = startKubefix("api", env, apiPort!);
    try {
      await ready(second.url);
      const list = (await (await fetch(`${second.url}/api/incidents?search=pressure`, { headers })).json()) as { data: { items: { id: string }[] } };
      expect(list.data.items.map((i) => i.id)).toEqual([id]);
    } finally {
      second.child.kill("SIGTERM");
    }
    expect(await second.exited).toBe(0);
  });
});
