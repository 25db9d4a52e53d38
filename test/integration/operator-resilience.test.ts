/**
 * The operator as separate processes that are killed: a step found started
 * after a crash is never run twice, two instances elect one leader that alone
 * reconciles, a killed leader is replaced once its lease lapses, and SIGTERM
 * drains the running step and hands the lease on.
 *
 * The operators run test/fixtures/operator-process.ts with a stub engine that
 * always proposes one `slow_counting_patch` step: each real run of it is one
 * counted write to a ConfigMap annotation, so repeats are visible.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppsV1Api, CoordinationV1Api, CoreV1Api } from "@kubernetes/client-node";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { KindClient } from "../../lib/kube/kind-client.js";
import { INCIDENTS, type Incident, type IncidentInput } from "../../lib/resources.js";
import { createIntake } from "../../lib/intake/intake.js";
import { TERMINAL_PHASES } from "../../operator/lifecycle/decide.js";
import { counterNameFor, WRITES_ANNOTATION } from "../fixtures/counting-plugin.js";
import { deploymentManifest } from "../fixtures/scenarios.js";
import { sleep } from "../harness/processes.js";
import { adminKube, controlPlane, createNamespace, eventually } from "./helpers.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = join(REPO_ROOT, "test/fixtures/operator-process.ts");
const LOG_DIR = mkdtempSync(join(tmpdir(), "kubefix-resilience-"));

const kc = adminKube();
const apps = kc.makeApiClient(AppsV1Api);
const core = kc.makeApiClient(CoreV1Api);
const coordination = kc.makeApiClient(CoordinationV1Api);

/** The fast lease of the fixture's default: leaseDuration, renewDeadline, retryPeriod. */
const FAST = { leaseMs: 4_000, renewMs: 3_000, retryMs: 500 };

interface Line {
  text: string;
  at: number;
}

/** One operator process; its output is kept line by line and copied to a log file. */
class OperatorProcess {
  readonly lines: Line[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  private exitState: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private partial = "";

  constructor(
    readonly identity: string,
    env: Record<string, string>,
  ) {
    this.logFile = join(LOG_DIR, `${identity}.log`);
    this.log = createWriteStream(this.logFile, { flags: "a" });
    // node --import tsx, not the tsx CLI: the CLI runs the script in a child node process, which a SIGKILL of the CLI would orphan.
    this.child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: "info", ...env, KUBEFIX_TEST_IDENTITY: identity },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr!.on("data", (chunk: Buffer) => this.log.write(chunk));
    this.exited = new Promise((done) => {
      this.child.once("exit", (code, signal) => {
        this.exitState = { code, signal };
        done(this.exitState);
      });
    });
    live.add(this);
  }

  get running(): boolean {
    return this.exitState === undefined;
  }

  /** The first stdout line starting with `prefix`. */
  line(prefix: string): Line | undefined {
    return this.lines.find((l) => l.text.startsWith(prefix));
  }

  get isLeading(): boolean {
    const changes = this.lines.filter((l) => /^(NOT-)?LEADING /.test(l.text));
    return changes.at(-1)?.text.startsWith("LEADING ") ?? false;
  }

  /** The `STEP-WRITE <n> <ns>/<name>` lines this process printed. */
  get stepWrites(): string[] {
    return this.lines.filter((l) => l.text.startsWith("STEP-WRITE ")).map((l) => l.text);
  }

  /** Waits for a stdout line starting with `prefix`; fails early if the process exits. */
  async waitForLine(prefix: string, timeoutMs = 90_000): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.line(prefix);
      if (found) return found;
      if (!this.running) throw new Error(`${this.identity} exited (${JSON.stringify(this.exitState)}) before "${prefix}"; log: ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`${this.identity}: no "${prefix}" within ${timeoutMs} ms; log: ${this.logFile}`);
      await sleep(100);
    }
  }

  /** Sends `signal` and waits for the exit. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  killNow(): void {
    if (this.running) this.child.kill("SIGKILL");
  }

  private onStdout(chunk: Buffer): void {
    this.log.write(chunk);
    const text = this.partial + chunk.toString("utf8");
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    const at = Date.now();
    for (const part of parts) if (!part.startsWith("{")) this.lines.push({ text: part, at });
  }
}

const live = new Set<OperatorProcess>();
// A runner that dies must not leave operators behind that keep writing.
process.once("exit", () => {
  for (const p of live) p.killNow();
});

async function killAll(): Promise<void> {
  const all = [...live];
  live.clear();
  await Promise.all(all.map((p) => p.kill("SIGKILL")));
}

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail") {
    console.error(`operator logs of the failed test: ${[...live].map((p) => p.logFile).join(", ")}`);
  }
  await killAll();
});
afterAll(killAll);

interface Install {
  installNs: string;
  appNs: string;
  incidents: KindClient<Incident, IncidentInput>;
}

async function install(): Promise<Install> {
  const installNs = await createNamespace("kfr");
  const appNs = await createNamespace("app");
  return { installNs, appNs, incidents: new KindClient(kc, INCIDENTS, installNs) };
}

function startOperator(s: Install, identity: string, opts: { sleepMs: number; lease?: string }): OperatorProcess {
  return new OperatorProcess(identity, {
    KUBECONFIG: controlPlane.adminKubeconfig,
    KUBEFIX_NAMESPACE: s.installNs,
    KUBEFIX_ALLOWED_NAMESPACES: s.appNs,
    KUBEFIX_COOLDOWN_SECONDS: "0",
    KUBEFIX_VERIFY_WINDOW_SECONDS: "120",
    KUBEFIX_VERIFY_STABLE_SECONDS: "2",
    KUBEFIX_TEST_SLEEP_MS: String(opts.sleepMs),
    KUBEFIX_TEST_LEASE: opts.lease ?? `${FAST.leaseMs},${FAST.renewMs},${FAST.retryMs}`,
  });
}

/** A healthy 1-replica Deployment and its (zeroed) write counter; resolves with the name of its running pod. */
async function healthyDeployment(namespace: string, name: string): Promise<string> {
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: counterNameFor(name), annotations: { [WRITES_ANNOTATION]: "0" } } } });
  await apps.createNamespacedDeployment({ namespace, body: deploymentManifest(name) });
  return eventually(`a ready pod of ${namespace}/${name}`, async () => {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    if (d.status?.availableReplicas !== 1) return undefined;
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    return pods.items.find((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))?.metadata?.name;
  }, 90_000);
}

/** Posts an alert naming the Deployment (and its pod); intake targets the Deployment it names. Resolves with the incident's resource name. */
async function alert(s: Install, deployment: string, pod: string): Promise<string> {
  const message = `[告警] 测试故障 ${deployment}\n服务: ${deployment}\n部署: ${deployment}\n命名空间: ${s.appNs}\nPod: ${pod}\n级别: high`;
  const { incidentId, outcome } = await createIntake({ kc, namespace: s.installNs }).receive({ message, sender_id: "alert_bot" });
  expect(outcome).toBe("created");
  const incident = await s.incidents.get(incidentId.toLowerCase());
  expect(incident.spec.target).toMatchObject({ kind: "Deployment", name: deployment, namespace: s.appNs });
  return incidentId.toLowerCase();
}

async function writes(namespace: string, deployment: string): Promise<number> {
  const cm = await core.readNamespacedConfigMap({ name: counterNameFor(deployment), namespace });
  return Number(cm.metadata?.annotations?.[WRITES_ANNOTATION]);
}

function phaseOf(s: Install, name: string, phases: readonly string[], timeoutMs = 150_000): Promise<Incident> {
  return eventually(`incident ${name} in ${phases.join("|")}`, async () => {
    const incident = await s.incidents.get(name);
    return phases.includes(incident.status?.phase ?? "") ? incident : undefined;
  }, timeoutMs);
}

/** Waits until step 0 of the incident is recorded `started` and the step's write has been counted. */
function stepRunning(s: Install, name: string, deployment: string): Promise<Incident> {
  return eventually(`step 0 of ${name} started with its write counted`, async () => {
    const incident = await s.incidents.get(name);
    const started = incident.status?.execution?.steps[0]?.state === "started";
    return started && (await writes(s.appNs, deployment)) === 1 ? incident : undefined;
  }, 150_000);
}

const stepStartsOf = (incident: Incident, index: number): number =>
  (incident.status?.timeline ?? []).filter((e) => e.type === "step_started" && e.data?.index === index).length;

const leaseHolder = async (s: Install): Promise<string | undefined> =>
  (await coordination.readNamespacedLease({ name: "kubefix-operator", namespace: s.installNs })).spec?.holderIdentity;

/** Waits until one of `ps` leads; fails if more than one does. */
async function soleLeader(ps: OperatorProcess[]): Promise<OperatorProcess> {
  const leaders = await eventually("a LEADING line", () => {
    const now = ps.filter((p) => p.isLeading);
    return now.length > 0 ? now : undefined;
  }, 90_000);
  expect(leaders.map((p) => p.identity)).toHaveLength(1);
  return leaders[0]!;
}

describe("an operator killed while a step runs", () => {
  it("does not run the step again: the next operator marks it interrupted, verifies, and resolves", async () => {
    const s = await install();
    const a = startOperator(s, "op-a", { sleepMs: 60_000 });
    const pod = await healthyDeployment(s.appNs, "web");
    await a.waitForLine("LEADING op-a");
    const name = await alert(s, "web", pod);

    await stepRunning(s, name, "web");
    expect(a.stepWrites).toEqual([`STEP-WRITE 1 ${s.appNs}/web-writes`]);
    expect(await a.kill("SIGKILL")).toMatchObject({ signal: "SIGKILL" });

    const b = startOperator(s, "op-b", { sleepMs: 60_000 });
    const recovered = await phaseOf(s, name, ["verifying", ...TERMINAL_PHASES]);
    expect(recovered.status?.execution?.steps[0]).toMatchObject({ index: 0, state: "interrupted" });
    expect(recovered.status?.execution?.success).toBe(false);

    const done = await phaseOf(s, name, TERMINAL_PHASES);
    expect(done.status?.phase).toBe("resolved");
    expect(done.status?.execution?.steps[0]?.state).toBe("interrupted");
    expect(await writes(s.appNs, "web")).toBe(1);
    expect(stepStartsOf(done, 0)).toBe(1);
    expect(b.line("LEADING op-b")).toBeDefined();
    expect(b.stepWrites).toEqual([]);
  });
});

describe("two operator instances on one install namespace", () => {
  it("elect one leader that alone reconciles; a killed leader is replaced within the lease time", async () => {
    const s = await install();
    const a = startOperator(s, "op-a", { sleepMs: 200 });
    const b = startOperator(s, "op-b", { sleepMs: 200 });
    const [pod1, pod2] = await Promise.all([healthyDeployment(s.appNs, "web-1"), healthyDeployment(s.appNs, "web-2")]);
    await Promise.all([a.waitForLine("READY"), b.waitForLine("READY")]);

    const leader = await soleLeader([a, b]);
    const follower = leader === a ? b : a;
    // A few retry periods later the follower still has not taken over.
    await sleep(4 * FAST.retryMs);
    expect(follower.line("LEADING")).toBeUndefined();
    expect(await leaseHolder(s)).toBe(leader.identity);

    const first = await alert(s, "web-1", pod1);
    const firstDone = await phaseOf(s, first, TERMINAL_PHASES);
    expect(firstDone.status?.phase).toBe("resolved");
    expect(firstDone.status?.execution?.steps[0]?.state).toBe("succeeded");
    expect(await writes(s.appNs, "web-1")).toBe(1);
    expect(leader.stepWrites).toEqual([`STEP-WRITE 1 ${s.appNs}/web-1-writes`]);
    expect(follower.stepWrites).toEqual([]);

    const killedAt = Date.now();
    await leader.kill("SIGKILL");
    const took = await follower.waitForLine(`LEADING ${follower.identity}`, 60_000);
    const takeoverMs = took.at - killedAt;
    console.log(`follower ${follower.identity} took over ${takeoverMs} ms after the leader was killed`);
    // The lease lapses leaseDuration after the last renewal; allow a renew deadline and 10 s of slack for two busy cores.
    expect(takeoverMs).toBeLessThan(FAST.leaseMs + FAST.renewMs + 10_000);
    expect(await leaseHolder(s)).toBe(follower.identity);

    const second = await alert(s, "web-2", pod2);
    const secondDone = await phaseOf(s, second, TERMINAL_PHASES);
    expect(secondDone.status?.phase).toBe("resolved");
    expect(await writes(s.appNs, "web-2")).toBe(1);
    expect(await writes(s.appNs, "web-1")).toBe(1);
    expect(follower.stepWrites).toEqual([`STEP-WRITE 1 ${s.appNs}/web-2-writes`]);
    expect(leader.stepWrites).toHaveLength(1);
  });

  it("SIGTERM lets the running step finish and be recorded, then releases the lease to the other instance", async () => {
    const s = await install();
    // Longer leases than the default: the drain (the rest of a 5 s step) must fit in one renew deadline.
    const lease = "15000,12000,500";
    const a = startOperator(s, "op-a", { sleepMs: 5_000, lease });
    const b = startOperator(s, "op-b", { sleepMs: 5_000, lease });
    const pod = await healthyDeployment(s.appNs, "web");
    await Promise.all([a.waitForLine("READY"), b.waitForLine("READY")]);
    const leader = await soleLeader([a, b]);
    const follower = leader === a ? b : a;

    const name = await alert(s, "web", pod);
    const running = await stepRunning(s, name, "web");
    expect(running.status?.execution?.steps[0]?.state).toBe("started");
    const stoppedAt = Date.now();
    expect(await leader.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(leader.line(`STOPPED ${leader.identity}`)).toBeDefined();
    console.log(`leader ${leader.identity} stopped ${Date.now() - stoppedAt} ms after SIGTERM`);
    // Released, not left to expire: a lease left to expire would still name the stopped leader for 15 s.
    expect(await leaseHolder(s)).not.toBe(leader.identity);

    const took = await follower.waitForLine(`LEADING ${follower.identity}`, 60_000);
    console.log(`follower ${follower.identity} took over ${took.at - stoppedAt} ms after SIGTERM`);
    const done = await phaseOf(s, name, TERMINAL_PHASES);
    expect(done.status?.phase).toBe("resolved");
    // The stopping leader drained its queue: the step's result is recorded, not found "started" by the next leader.
    expect(done.status?.execution?.steps[0]).toMatchObject({ state: "succeeded", dryRun: "passed" });
    expect(await writes(s.appNs, "web")).toBe(1);
    expect(stepStartsOf(done, 0)).toBe(1);
    expect(follower.stepWrites).toEqual([]);
  });
});
