/** The failure modes the rule engine recognises, and what each one may propose. */
import type { Locale } from "./messages.js";

/** Every mode, in the order the docs list them. */
export const FAILURE_MODES = [
  "oom_killed",
  "crash_loop",
  "image_pull_error",
  "unschedulable_resources",
  "unschedulable_taints",
  "unschedulable_selector",
  "pvc_pending",
  "readiness_failing",
  "liveness_failing",
  "evicted_node_pressure",
  "node_not_ready",
  "rollout_stuck",
  "missing_config",
  "quota_exceeded",
  "service_no_endpoints",
] as const;

/** A failure mode the rule engine can conclude. */
export type FailureMode = (typeof FAILURE_MODES)[number];

/** What the docs, tests and the engine's tie-break know about one mode. */
export interface FailureModeInfo {
  title: Record<Locale, string>;
  /** The remediation tools its proposals may use; empty when a human must decide. */
  proposalTools: readonly string[];
  /** Breaks ties between equally confident matches: the higher, the nearer the root cause. */
  specificity: number;
}

const info = (zh: string, en: string, specificity: number, proposalTools: readonly string[] = []): FailureModeInfo => ({
  title: { zh, en },
  proposalTools,
  specificity,
});

/** The catalogue of modes: titles, proposal tools and tie-break order. */
export const FAILURE_MODE_CATALOGUE: Record<FailureMode, FailureModeInfo> = {
  oom_killed: info("容器内存溢出（OOMKilled）", "Container OOMKilled", 95, ["set_container_resources"]),
  crash_loop: info("容器反复崩溃（CrashLoopBackOff）", "Container crash loop", 60, ["rollback_deployment"]),
  image_pull_error: info("镜像拉取失败", "Image pull error", 90, ["rollback_deployment"]),
  unschedulable_resources: info("资源不足无法调度", "Unschedulable: insufficient resources", 80),
  unschedulable_taints: info("节点污点导致无法调度", "Unschedulable: untolerated taint", 80),
  unschedulable_selector: info("节点选择器不匹配无法调度", "Unschedulable: node selector or affinity", 80),
  pvc_pending: info("存储卷声明未绑定", "PersistentVolumeClaim pending", 85),
  readiness_failing: info("就绪探针失败", "Readiness probe failing", 50, ["rollout_restart_deployment", "rollback_deployment"]),
  liveness_failing: info("存活探针失败", "Liveness probe failing", 70, ["rollout_restart_deployment", "rollback_deployment"]),
  evicted_node_pressure: info("节点资源压力导致驱逐", "Evicted under node pressure", 70, ["delete_evicted_pods"]),
  node_not_ready: info("节点未就绪", "Node not ready", 75, ["cordon_node"]),
  rollout_stuck: info("发布卡住", "Rollout stuck", 30, ["rollback_deployment"]),
  missing_config: info("缺少 ConfigMap 或 Secret", "Missing ConfigMap or Secret", 90),
  quota_exceeded: info("超出资源配额", "Resource quota exceeded", 85),
  service_no_endpoints: info("Service 没有可用端点", "Service has no ready endpoints", 20),
};

/** True when the mode never proposes a fix on its own: the suggested actions go to a human. */
export const needsHuman = (mode: FailureMode): boolean => FAILURE_MODE_CATALOGUE[mode].proposalTools.length === 0;
