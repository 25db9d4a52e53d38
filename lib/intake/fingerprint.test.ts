import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint.js";
import { parseAlert } from "./parse-alert.js";
import type { ParsedAlert } from "./parse-alert.js";

const crashLoop = "[告警] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production\nPod: user-service-7d9f8b6c5-x2x9k\n级别: 严重";

function podOnlyAlert(pod: string): ParsedAlert {
  return { title: "Pod restarting", pod, namespace: "jobs", severity: "medium", category: "kubernetes", status: "firing", labels: {} };
}

describe("fingerprint", () => {
  it.each<[string, string, string]>([
    [
      "two pods of one Deployment",
      "Pod CrashLoopBackOff\nnamespace: production\npod: user-service-7d9f8b6c5-x2x9k",
      "Pod CrashLoopBackOff\nnamespace: production\npod: user-service-5c4b7d9f8-q2w3e",
    ],
    ["a different severity", crashLoop, crashLoop.replace("级别: 严重", "级别: 警告")],
    ["the resolved alert", crashLoop, crashLoop.replace("[告警]", "[恢复]")],
    [
      "different numbers in the title",
      "Memory usage 93% on pod api-6d8f7c9b5-k2j4h\nnamespace: shop",
      "Memory usage 95.5% on pod api-6d8f7c9b5-p9x8z\nnamespace: shop",
    ],
    [
      "different timestamps in the title",
      "Backup failed since 2024-05-01 10:00:00\nnamespace: ops\ndeployment: backup",
      "Backup failed since 2024-05-02T23:15:07Z\nnamespace: ops\ndeployment: backup",
    ],
    [
      "different case and spacing",
      "[Alert]  POD   CrashLoopBackOff\nnamespace: production\nservice: user-service",
      "pod crashloopbackoff\nnamespace: production\nservice: user-service",
    ],
    [
      "a pod name inside the title",
      "Pod user-service-7d9f8b6c5-x2x9k keeps restarting\nnamespace: production",
      "Pod user-service-7d9f8b6c5-a1b2c keeps restarting\nnamespace: production",
    ],
    [
      "a Labels block and plain lines naming the same workload",
      "[FIRING:1] KubePodCrashLooping\nLabels:\n - namespace = production\n - pod = user-service-7d9f8b6c5-x2x9k",
      "alertname: KubePodCrashLooping\nnamespace: production\ndeployment: user-service",
    ],
  ])("is unchanged by %s", (_name, first, second) => {
    expect(fingerprint(parseAlert(first))).toBe(fingerprint(parseAlert(second)));
  });

  it.each<[string, string, string]>([
    ["another namespace", crashLoop, crashLoop.replace("production", "staging")],
    ["another alert", crashLoop, crashLoop.replace("Pod CrashLoopBackOff", "Pod OOMKilled")],
    [
      "another Deployment",
      "Pod CrashLoopBackOff\nnamespace: production\npod: user-service-7d9f8b6c5-x2x9k",
      "Pod CrashLoopBackOff\nnamespace: production\npod: order-service-7d9f8b6c5-x2x9k",
    ],
    ["another node", "ALERT Node NotReady node=worker-3", "ALERT Node NotReady node=worker-4"],
    ["another alert name with the same title", "Disk almost full\nalertname: DiskFull", "Disk almost full\nalertname: InodesFull"],
  ])("changes with %s", (_name, first, second) => {
    expect(fingerprint(parseAlert(first))).not.toBe(fingerprint(parseAlert(second)));
  });

  it.each<[string, string, string, boolean]>([
    ["DaemonSet pods of one workload", "node-exporter-4xk2p", "node-exporter-9zq7m", true],
    ["words that only look like a suffix", "nginx-proxy", "nginx-cache", false],
    ["StatefulSet replicas", "mysql-0", "mysql-1", false],
  ])("folds pod-only alerts for %s: %s vs %s → %s", (_name, firstPod, secondPod, same) => {
    expect(fingerprint(podOnlyAlert(firstPod)) === fingerprint(podOnlyAlert(secondPod))).toBe(same);
  });

  it("is 16 lowercase hex characters", () => {
    expect(fingerprint(parseAlert(crashLoop))).toMatch(/^[0-9a-f]{16}$/);
  });

  it("is stable across releases for a known alert", () => {
    expect(fingerprint(parseAlert(crashLoop))).toBe("186966cb104a7dbd");
  });
});
