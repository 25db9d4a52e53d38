/** What a container's exit code says about how it ended. */
import { DEFAULT_LOCALE, type Locale } from "../messages.js";

interface ExitMessages {
  known: Record<number, string>;
  signal: (n: number) => string;
  nonZero: string;
}

const MESSAGES: Record<Locale, ExitMessages> = {
  zh: {
    known: {
      0: "进程正常退出，但重启策略要求它持续运行",
      1: "应用错误",
      2: "参数错误或 shell 用法错误",
      126: "命令无法执行",
      127: "命令未找到",
      134: "SIGABRT，进程自行中止",
      137: "SIGKILL，被强制终止（非 OOM：存活探针、驱逐或外部终止）",
      139: "SIGSEGV，段错误",
      143: "SIGTERM，进程被要求终止",
    },
    signal: (n) => `收到信号 ${n}`,
    nonZero: "应用以非零码退出",
  },
  en: {
    known: {
      0: "the process exited normally, but the restart policy expects it to keep running",
      1: "application error",
      2: "bad arguments or shell misuse",
      126: "command not executable",
      127: "command not found",
      134: "SIGABRT, the process aborted",
      137: "SIGKILL, killed (not OOM: liveness probe, eviction or an external kill)",
      139: "SIGSEGV, segmentation fault",
      143: "SIGTERM, asked to terminate",
    },
    signal: (n) => `signal ${n}`,
    nonZero: "the application exited with a non-zero code",
  },
};

/** The meaning of an exit code: a known code, a signal (128 + n), or a plain non-zero exit. */
export function exitMeaning(code: number | undefined, locale: Locale = DEFAULT_LOCALE): string {
  const m = MESSAGES[locale];
  if (code === undefined) return m.nonZero;
  return m.known[code] ?? (code > 128 ? m.signal(code - 128) : m.nonZero);
}
