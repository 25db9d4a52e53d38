/** The one-line summaries of the workload plugins. */
import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1PersistentVolumeClaim,
  V1Pod,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { cronJobLine } from "./describe-cronjob.js";
import { daemonSetLine } from "./describe-daemonset.js";
import { replicaLine } from "./describe-deployment.js";
import { hpaLine } from "./describe-hpa.js";
import { isClaimOf, statefulSetLine } from "./describe-statefulset.js";
import { defaultContainer } from "./get-pod-logs.js";

describe("replicaLine", () => {
  it.each<[V1Deployment, string]>([
    [
      { spec: { replicas: 3, selector: {}, template: {} }, status: { readyReplicas: 2, updatedReplicas: 3, unavailableReplicas: 1 } },
      "2/3 ready, 3 updated, 1 unavailable",
    ],
    [{ spec: { selector: {}, template: {}, paused: true }, status: {} }, "0/1 ready, 0 updated, paused"],
  ])("%j", (d, line) => {
    expect(replicaLine(d)).toBe(line);
  });
});

describe("statefulSetLine and isClaimOf", () => {
  const sts: V1StatefulSet = {
    metadata: { name: "db" },
    spec: {
      replicas: 3,
      selector: {},
      serviceName: "db",
      template: {},
      volumeClaimTemplates: [{ metadata: { name: "data" } }],
    },
    status: { replicas: 3, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 1, currentRevision: "db-a", updateRevision: "db-b" },
  };

  it("shows a rolling update", () => {
    expect(statefulSetLine(sts)).toBe("2/3 ready, current 2, updated 1; rolling from db-a to db-b");
  });

  it.each<[string, boolean]>([
    ["data-db-0", true],
    ["data-db-12", true],
    ["data-db", false],
    ["data-dbx-0", false],
    ["logs-db-0", false],
  ])("claim %s belongs to it: %s", (name, belongs) => {
    const pvc: V1PersistentVolumeClaim = { metadata: { name } };
    expect(isClaimOf(pvc, sts)).toBe(belongs);
  });
});

describe("daemonSetLine", () => {
  it("reads missing counters as 0", () => {
    const ds: V1DaemonSet = { status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, numberMisscheduled: 0 } };
    expect(daemonSetLine(ds)).toBe("desired 3, current 3, ready 2, updated 0, unavailable 0, misscheduled 0");
  });
});

describe("hpaLine", () => {
  it.each<[V2HorizontalPodAutoscaler, string]>([
    [
      {
        spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5 },
        status: { currentReplicas: 5, desiredReplicas: 5 },
      },
      "Deployment/web: 5 current, 5 desired (min 2, max 5)",
    ],
    [{}, "?: 0 current, 0 desired (min 1, max ?)"],
  ])("%j", (hpa, line) => {
    expect(hpaLine(hpa)).toBe(line);
  });
});

describe("cronJobLine", () => {
  it.each<[V1CronJob, string]>([
    [
      {
        spec: { schedule: "@hourly", suspend: true, jobTemplate: {} },
        status: { lastScheduleTime: new Date("2026-01-01T10:00:00Z"), active: [{ name: "j" }] },
      },
      "schedule @hourly, last scheduled 2026-01-01T10:00:00.000Z, last successful never, 1 active, suspended",
    ],
    [
      { spec: { schedule: "0 3 * * *", timeZone: "Asia/Shanghai", jobTemplate: {} } },
      "schedule 0 3 * * * (Asia/Shanghai), last scheduled never, last successful never, 0 active",
    ],
  ])("%j", (cj, line) => {
    expect(cronJobLine(cj)).toBe(line);
  });
});

describe("defaultContainer", () => {
  it.each<[V1Pod, string | undefined]>([
    [{ spec: { containers: [{ name: "app" }, { name: "proxy" }] } }, "app"],
    [
      {
        metadata: { annotations: { "kubectl.kubernetes.io/default-container": "proxy" } },
        spec: { containers: [{ name: "app" }, { name: "proxy" }] },
      },
      "proxy",
    ],
    [{}, undefined],
  ])("%j", (pod, name) => {
    expect(defaultContainer(pod)).toBe(name);
  });
});
