import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** A control-plane process whose output goes to `<logDir>/<name>.log`. */
export class ManagedProcess {
  private exitCode: number | null = null;
  private exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitCode = code ?? (signal ? 128 : 1);
        resolve();
      });
    });
  }

  /** Starts `binary` with `args`; stdout and stderr are appended to the log file. */
  static start(name: string, binary: string, args: string[], logDir: string): ManagedProcess {
    const logFile = join(logDir, `${name}.log`);
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const proc = new ManagedProcess(name, logFile, child);
    liveProcesses.add(proc);
    return proc;
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last `lines` lines of the process's log, for error messages. */
  async logTail(lines = 30): Promise<string> {
    const text = await readFile(this.logFile, "utf8").catch(() => "");
    return text.split("\n").slice(-lines).join("\n");
  }

  /** Polls `check` until it returns true; fails early if the process exits. */
  async waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.name} exited (code ${this.exitCode}) before ${what}:\n${await this.logTail()}`);
      }
      if (await check().catch(() => false)) return;
      await sleep(250);
    }
    throw new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}:\n${await this.logTail()}`);
  }

  /** Sends SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    liveProcesses.delete(this);
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills without waiting; used when the parent process is exiting. */
  killNow(): void {
    if (this.running) this.child.kill("SIGKILL");
  }
}

const liveProcesses = new Set<ManagedProcess>();

// A test runner that dies must not leave an apiserver behind on the machine.
process.once("exit", () => {
  for (const proc of liveProcesses) proc.killNow();
});

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
