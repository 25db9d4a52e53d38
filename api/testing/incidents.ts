/** Incident resources for unit tests of the facade. */
import type { IncidentPhase } from "../../crds/index.js";
import type { Incident } from "../../lib/resources.js";

export interface IncidentFixture {
  id: string;
  phase?: IncidentPhase;
  revision?: number;
  resolvedAt?: string;
}

/** A minimal incident in `phase`, created 2024-01-15T10:30:00Z, with a proposal at `revision` when given. */
export function incident(f: IncidentFixture): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name: f.id.toLowerCase(), namespace: "kubefix-system", resourceVersion: "1", creationTimestamp: new Date("2024-01-15T10:30:00Z") },
    spec: {
      id: f.id,
      title: "Pod CrashLoopBackOff",
      severity: "high",
      category: "kubernetes",
      fingerprint: "abc123def456",
      alert: { message: "[告警] Pod CrashLoopBackOff", source: "alert_bot", receivedAt: "2024-01-15T10:30:00Z" },
      occurrences: 1,
      firstSeen: "2024-01-15T10:30:00Z",
      lastSeen: "2024-01-15T10:30:00Z",
    },
    status: {
      phase: f.phase ?? "new",
      ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
      ...(f.revision
        ? {
            proposal: {
              revision: f.revision,
              description: "增加 Pod 内存限制并重启",
              steps: [{ plugin: "set_container_resources", parameters: { memory_limit: "512Mi" }, description: "修改 deployment 的 memory limit 为 512Mi" }],
              riskLevel: "medium",
              estimatedDuration: "2 分钟",
              rollbackPlan: "回滚到原始配置",
              proposedAt: "2024-01-15T10:32:00Z",
            },
          }
        : {}),
    },
  };
}
