/**
 * `make alert MSG=...`: sends one alert through intake into the cluster that
 * KUBECONFIG (or .kubefix/local.env) names, and prints the incident id.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadKubeConfig } from "../kube/client.js";
import { configFromEnv } from "../settings/operator-config.js";
import { createIntake, IntakeValidationError } from "./intake.js";

function kubeconfigPath(): string | undefined {
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG;
  const env = readFileSync(join(process.cwd(), ".kubefix/local.env"), { encoding: "utf8", flag: "r" });
  return /^KUBECONFIG=(.*)$/m.exec(env)?.[1];
}

async function main(message: string): Promise<void> {
  const config = configFromEnv();
  const intake = createIntake({ kc: loadKubeConfig(kubeconfigPath()), namespace: config.namespace });
  const result = await intake.receive({ message, sender_id: "cli" });
  process.stdout.write(`${result.incidentId || "(no open incident)"} ${result.outcome} occurrences=${result.occurrences}\n`);
}

// A literal "\n" typed in a shell becomes a line break, so one-line commands can send multi-line alerts.
main((process.argv[2] ?? process.env.MSG ?? "").replaceAll("\\n", "\n")).catch((err: unknown) => {
  const detail = err instanceof IntakeValidationError ? JSON.stringify(err.issues) : err instanceof Error ? err.message : String(err);
  process.stderr.write(`alert not accepted: ${detail}\n`);
  process.exit(1);
});
