/**
 * A throwaway Kubernetes control plane on loopback for kubefix's tests:
 * etcd, kube-apiserver (RBAC, client certificates, service-account tokens),
 * kube-controller-manager, kube-scheduler, and kwok playing the kubelet of
 * fake nodes. Binaries come from test/controlplane/build.sh.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CoreV1Api, loadAllYaml, type KubeConfig, type V1CustomResourceDefinition, type V1Node } from "@kubernetes/client-node";
import { loadKubeConfig, isApiStatus } from "../../lib/kube/client.js";
import { installCrds } from "../../lib/kube/crds.js";
import { installDecisionAdmission } from "./admission.js";
import { isHealthy } from "./http-check.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { createPki, type Pki } from "./pki.js";
import { freePorts } from "./ports.js";
import { ManagedProcess, sleep } from "./processes.js";

const run = promisify(execFile);
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_SCRIPT = join(REPO_ROOT, "test/controlplane/build.sh");
const KWOK_STAGES = join(REPO_ROOT, "test/kwok/stages.yaml");
const CRD_DIR = join(REPO_ROOT, "crds/generated");

/**
 * The user of the admin kubeconfig (group system:masters). The in-process
 * operator and REST facade of the tests and of `make run` run as it, so it is
 * the one kubefix identity the decisions admission policy knows here.
 */
export const ADMIN_USER = "kubefix-admin";
/** The user the non-admin kubeconfig authenticates as; RBAC grants it nothing. */
export const TEST_USER = "kubefix-test-user";
/** Annotation that puts a node under kwok's management. */
export const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

export interface ControlPlaneOptions {
  /** Where certificates, kubeconfigs, etcd data and logs go; a new temp dir by default. */
  workDir?: string;
  /** How many fake nodes kwok runs. */
  nodes?: number;
  /** Log progress lines to stderr. */
  verbose?: boolean;
}

export interface ControlPlaneInfo {
  server: string;
  workDir: string;
  binDir: string;
  kubectl: string;
  adminKubeconfig: string;
  userKubeconfig: string;
  nodeNames: string[];
}

/** Builds the control-plane binaries if they are not cached and returns their directory. */
export async function ensureBinaries(verbose = false): Promise<string> {
  const build = run("bash", [BUILD_SCRIPT], { maxBuffer: 64 * 1024 * 1024 });
  if (verbose) build.child.stderr?.pipe(process.stderr);
  await build;
  const { stdout } = await run("bash", [BUILD_SCRIPT, "--print-bin-dir"]);
  return stdout.trim();
}

export class ControlPlane {
  private readonly procs: ManagedProcess[] = [];
  info!: ControlPlaneInfo;

  private constructor(private readonly opts: ControlPlaneOptions) {}

  /** Starts every component and returns once nodes are Ready, the CRDs Established and the decisions policy enforced. */
  static async start(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const cp = new ControlPlane(opts);
    try {
      await cp.boot();
    } catch (err) {
      await cp.stop();
      throw err;
    }
    return cp;
  }

  private log(message: string): void {
    if (this.opts.verbose) process.stderr.write(`[control-plane] ${message}\n`);
  }

  private async boot(): Promise<void> {
    const started = Date.now();
    const binDir = await ensureBinaries(this.opts.verbose);
    const workDir = this.opts.workDir ?? (await mkdtemp(join(tmpdir(), "kubefix-cp-")));
    await rm(join(workDir, "etcd"), { recursive: true, force: true });
    await mkdir(join(workDir, "logs"), { recursive: true });
    const pki = await createPki(join(workDir, "pki"), {
      admin: { commonName: ADMIN_USER, organizations: ["system:masters"] },
      user: { commonName: TEST_USER },
      "controller-manager": { commonName: "system:kube-controller-manager" },
      scheduler: { commonName: "system:kube-scheduler" },
    });
    const [etcdPort, peerPort, apiPort, kcmPort, schedPort, kwokPort] = await freePorts(6);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfig = async (name: string): Promise<string> => {
      const path = join(workDir, `${name}.kubeconfig`);
      await writeKubeconfig(path, server, pki.ca.cert, pki.clients.get(name)!);
      return path;
    };
    this.info = {
      server,
      workDir,
      binDir,
      kubectl: join(binDir, "kubectl"),
      adminKubeconfig: await kubeconfig("admin"),
      userKubeconfig: await kubeconfig("user"),
      nodeNames: Array.from({ length: this.opts.nodes ?? 2 }, (_, i) => `kwok-node-${i}`),
    };
    await this.startEtcd(etcdPort!, peerPort!);
    this.log(`etcd ready on ${etcdPort}`);
    await this.startApiserver(pki, etcdPort!, apiPort!);
    this.log(`kube-apiserver ready at ${server}`);
    await Promise.all([
      this.startControllerManager(pki, kcmPort!, await kubeconfig("controller-manager")),
      this.startScheduler(schedPort!, await kubeconfig("scheduler")),
      this.startKwok(kwokPort!),
    ]);
    const kc = loadKubeConfig(this.info.adminKubeconfig);
    await Promise.all([this.createNodes(kc), installCrds(kc, await readCrds())]);
    await installDecisionAdmission(kc, [ADMIN_USER]);
    await this.waitForNodesReady(kc);
    await waitForServiceAccount(kc, "default");
    this.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s; admin kubeconfig ${this.info.adminKubeconfig}`);
  }

  private spawn(name: string, args: string[]): ManagedProcess {
    const proc = ManagedProcess.start(name, join(this.info.binDir, name), args, join(this.info.workDir, "logs"));
    this.procs.push(proc);
    return proc;
  }

  private async startEtcd(clientPort: number, peerPort: number): Promise<void> {
    const client = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    const etcd = this.spawn("etcd", [
      "--name=kubefix", `--data-dir=${join(this.info.workDir, "etcd")}`,
      `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=kubefix=${peer}`, "--initial-cluster-state=new",
      // Test data is thrown away; fsync would only slow every write down.
      "--unsafe-no-fsync", "--log-level=warn",
    ]);
    await etcd.waitUntil("/health", () => isHealthy(`${client}/health`), 30_000);
  }

  private async startApiserver(pki: Pki, etcdPort: number, port: number): Promise<void> {
    const admin = pki.clients.get("admin")!;
    const apiserver = this.spawn("kube-apiserver", [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${port}`,
      `--tls-cert-file=${pki.apiserver.cert}`, `--tls-private-key-file=${pki.apiserver.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      "--authorization-mode=RBAC",
      "--service-cluster-ip-range=10.0.0.0/24",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--cert-dir=${join(this.info.workDir, "apiserver")}`,
      // Loopback cannot be the kubernetes Service endpoint; nothing in the tests needs one.
      "--endpoint-reconciler-type=none",
      "--allow-privileged=true", "--profiling=false", "--v=1",
    ]);
    const tls = {
      ca: await readFile(pki.ca.cert),
      cert: await readFile(admin.cert),
      key: await readFile(admin.key),
    };
    await apiserver.waitUntil("/readyz", () => isHealthy(`https://127.0.0.1:${port}/readyz`, tls), 90_000);
  }

  private async startControllerManager(pki: Pki, port: number, kubeconfig: string): Promise<void> {
    const kcm = this.spawn("kube-controller-manager", [
      `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      "--bind-address=127.0.0.1", `--secure-port=${port}`,
      `--cert-dir=${join(this.info.workDir, "controller-manager")}`,
      "--leader-elect=false", "--use-service-account-credentials=true",
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.ca.cert}`,
      `--cluster-signing-cert-file=${pki.ca.cert}`, `--cluster-signing-key-file=${pki.ca.key}`,
      "--v=1",
    ]);
    await kcm.waitUntil("/healthz", () => isHealthy(`https://127.0.0.1:${port}/healthz`), 60_000);
  }

  private async startScheduler(port: number, kubeconfig: string): Promise<void> {
    const scheduler = this.spawn("kube-scheduler", [
      `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      "--bind-address=127.0.0.1", `--secure-port=${port}`,
      `--cert-dir=${join(this.info.workDir, "scheduler")}`,
      "--leader-elect=false", "--v=1",
    ]);
    await scheduler.waitUntil("/healthz", () => isHealthy(`https://127.0.0.1:${port}/healthz`), 60_000);
  }

  private async startKwok(port: number): Promise<void> {
    const kwok = this.spawn("kwok", [
      `--kubeconfig=${this.info.adminKubeconfig}`, `--config=${KWOK_STAGES}`,
      "--manage-all-nodes=false",
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      "--cidr=10.244.0.0/16", "--node-ip=10.1.0.1",
      "--node-lease-duration-seconds=40",
      `--server-address=127.0.0.1:${port}`,
    ]);
    await kwok.waitUntil("/healthz", () => isHealthy(`http://127.0.0.1:${port}/healthz`), 30_000);
  }

  private async createNodes(kc: KubeConfig): Promise<void> {
    const core = kc.makeApiClient(CoreV1Api);
    for (const name of this.info.nodeNames) {
      await core.createNode({ body: fakeNode(name) }).catch((err: unknown) => {
        if (!isApiStatus(err, 409)) throw err;
      });
    }
  }

  private async waitForNodesReady(kc: KubeConfig): Promise<void> {
    const core = kc.makeApiClient(CoreV1Api);
    const kwok = this.procs.find((p) => p.name === "kwok")!;
    await kwok.waitUntil(
      "fake nodes to become Ready",
      async () => {
        const nodes = await core.listNode();
        const ready = nodes.items.filter((n) =>
          n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
        );
        return ready.length >= this.info.nodeNames.length;
      },
      60_000,
    );
  }

  /** Stops every component, newest first. The work dir is kept for its logs. */
  async stop(): Promise<void> {
    for (const proc of [...this.procs].reverse()) await proc.stop();
    this.procs.length = 0;
  }

  /** Stops and removes the work dir. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.info?.workDir) await rm(this.info.workDir, { recursive: true, force: true });
  }
}

/** A Node object that kwok will manage; capacity is a realistic mid-size machine. */
export function fakeNode(name: string, capacity = { cpu: "8", memory: "32Gi", pods: "110" }): V1Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", type: "kwok" },
    },
    status: { allocatable: capacity, capacity },
  };
}

/**
 * Reads the generated CRDs into client-node's typed models. A plain parsed
 * object would lose every `x-kubernetes-*` key: client-node serializes
 * models by their camelCase attribute map and drops keys it does not know.
 */
async function readCrds(): Promise<V1CustomResourceDefinition[]> {
  const files = (await readdir(CRD_DIR)).filter((f) => f.endsWith(".yaml")).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(CRD_DIR, f), "utf8")));
  return texts.flatMap((text) => loadAllYaml(text) as V1CustomResourceDefinition[]);
}

/** Waits until kube-controller-manager has created `namespace`'s default ServiceAccount. */
export async function waitForServiceAccount(kc: KubeConfig, namespace: string, timeoutMs = 30_000): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await core.readNamespacedServiceAccount({ name: "default", namespace });
      return;
    } catch (err) {
      if (!isApiStatus(err, 404) || Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}
