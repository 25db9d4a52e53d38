/**
 * Prometheus metrics of kubefix, in one registry that `/metrics` serves.
 * Controller metrics keep controller-runtime's names so that existing
 * dashboards and alerts for Go operators work unchanged.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const reconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const reconcileTotal = new Counter({
  name: "controller_runtime_reconcile_total",
  help: "Total number of reconciliations per controller",
  labelNames: ["controller", "result"] as const,
  registers: [registry],
});

export const reconcileErrorsTotal = new Counter({
  name: "controller_runtime_reconcile_errors_total",
  help: "Total number of reconciliation errors per controller",
  labelNames: ["controller"] as const,
  registers: [registry],
});

export const reconcileTimeSeconds = new Histogram({
  name: "controller_runtime_reconcile_time_seconds",
  help: "Length of time per reconciliation per controller",
  labelNames: ["controller"] as const,
  buckets: reconcileBuckets,
  registers: [registry],
});

export const workqueueDepth = new Gauge({
  name: "workqueue_depth",
  help: "Current depth of workqueue",
  labelNames: ["name"] as const,
  registers: [registry],
});

export const workqueueAddsTotal = new Counter({
  name: "workqueue_adds_total",
  help: "Total number of adds handled by workqueue",
  labelNames: ["name"] as const,
  registers: [registry],
});

export const workqueueRetriesTotal = new Counter({
  name: "workqueue_retries_total",
  help: "Total number of retries handled by workqueue",
  labelNames: ["name"] as const,
  registers: [registry],
});

export const leaderElectionMasterStatus = new Gauge({
  name: "leader_election_master_status",
  help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master",
  labelNames: ["name"] as const,
  registers: [registry],
});

export const incidentsTotal = new Counter({
  name: "kubefix_incidents_total",
  help: "Incidents that entered a phase, by phase and severity",
  labelNames: ["phase", "severity"] as const,
  registers: [registry],
});

export const incidentsActive = new Gauge({
  name: "kubefix_incidents_active",
  help: "Incidents not yet in a terminal phase",
  registers: [registry],
});

export const alertsReceivedTotal = new Counter({
  name: "kubefix_alerts_received_total",
  help: "Alerts received by intake, by outcome (created, deduplicated, recovered, rejected)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

export const pluginExecutionsTotal = new Counter({
  name: "kubefix_plugin_executions_total",
  help: "Plugin executions by plugin and result (success, error, timeout, invalid)",
  labelNames: ["plugin", "result"] as const,
  registers: [registry],
});

export const pluginDurationSeconds = new Histogram({
  name: "kubefix_plugin_duration_seconds",
  help: "Duration of plugin executions",
  labelNames: ["plugin"] as const,
  buckets: reconcileBuckets,
  registers: [registry],
});

export const verificationChecksTotal = new Counter({
  name: "kubefix_verification_checks_total",
  help: "Health checks of verifying incidents, by result (healthy, unhealthy)",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const verificationWakeupsTotal = new Counter({
  name: "kubefix_verification_wakeups_total",
  help: "Verifying incidents requeued because a watched object changed, by the object's kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});
