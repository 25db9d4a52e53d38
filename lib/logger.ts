/**
 * JSON logs (pino). Every line about an incident carries `incident` with its
 * id, so `| jq 'select(.incident=="INC-…")'` follows one incident.
 */
import { pino, type Logger } from "pino";

export type { Logger };

/** The process-wide logger; LOG_LEVEL sets the level (info by default). */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "kubefix" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

/** A child logger for one component, e.g. `componentLogger("intake")`. */
export function componentLogger(component: string): Logger {
  return logger.child({ component });
}

/** A child logger whose every line names the incident. */
export function incidentLogger(parent: Logger, incidentId: string): Logger {
  return parent.child({ incident: incidentId });
}
