/**
 * Text of the benchmark's incidents: the kinds of alert kubefix sees, each
 * diagnosed in Chinese (the default) or English, so that search runs over
 * the mix of scripts a real index holds.
 */
import type { IncidentCategory } from "../crds/index.js";

/** What a diagnosis says, in one language. */
export interface ScenarioText {
  title: string;
  conclusion: string;
  rootCause: string;
  findings: string[];
  actions: string[];
  proposal: string;
}

/** One kind of incident. */
export interface Scenario {
  key: string;
  category: IncidentCategory;
  targetKind: "Deployment" | "StatefulSet" | "Node";
  alertName: string;
  /** The alert bot's first line; the service and namespace follow it. */
  alertLine: string;
  plugin: string;
  parameters: Record<string, unknown>;
  /** What the tools returned, shortened: it makes the timeline JSON as large as a real one. */
  toolOutput: string;
  zh: ScenarioText;
  en: ScenarioText;
}

const EVENTS_OUTPUT =
  "LAST SEEN   TYPE      REASON      OBJECT   MESSAGE\n2m   Warning   BackOff   pod/web-7d9f   Back-off restarting failed container\n" +
  "5m   Normal    Pulled    pod/web-7d9f   Container image already present on machine\n6m   Warning   Unhealthy pod/web-7d9f   Readiness probe failed: HTTP probe failed with statuscode: 503";

/** The scenarios, in the order incidents cycle through them (weighted by repetition in `SCENARIO_MIX`). */
export const SCENARIOS: readonly Scenario[] = [
  {
    key: "oom", category: "kubernetes", targetKind: "Deployment", alertName: "KubePodOOMKilled", alertLine: "[告警] Pod OOMKilled",
    plugin: "set_container_resources", parameters: { memory_limit: "1Gi", memory_request: "512Mi" },
    toolOutput: `Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137\nLimits:\n  memory: 512Mi\n${EVENTS_OUTPUT}`,
    zh: {
      title: "Pod OOMKilled：容器内存超出限制",
      conclusion: "容器因内存使用超过 limit 被 OOMKilled，需提高内存限制",
      rootCause: "新版本引入的本地缓存没有上限，流量高峰时堆内存持续增长，超过 512Mi 的内存限制后被内核杀死",
      findings: ["过去 1 小时容器重启 6 次，退出码 137", "内存使用率在重启前达到 limit 的 100%", "同一 Deployment 的其他副本内存也在上涨"],
      actions: ["将内存限制提高到 1Gi", "排查本地缓存的淘汰策略", "为内存使用率添加 80% 的预警"],
      proposal: "将 deployment 的内存限制从 512Mi 提高到 1Gi 并滚动重启",
    },
    en: {
      title: "Pod OOMKilled: container exceeded its memory limit",
      conclusion: "The container was OOMKilled after exceeding its memory limit; raise the limit",
      rootCause: "An unbounded in-process cache added in the last release grows with traffic until the kernel kills the container at 512Mi",
      findings: ["6 restarts in the last hour with exit code 137", "Memory usage reached 100% of the limit before each restart", "Other replicas of the Deployment show the same growth"],
      actions: ["Raise the memory limit to 1Gi", "Bound the in-process cache", "Alert at 80% memory usage"],
      proposal: "Raise the deployment's memory limit from 512Mi to 1Gi and roll it out",
    },
  },
  {
    key: "crashloop", category: "application", targetKind: "Deployment", alertName: "KubePodCrashLooping", alertLine: "[告警] Pod CrashLoopBackOff",
    plugin: "rollout_undo", parameters: { to_revision: 0 },
    toolOutput: `panic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:\nmain.loadConfig()\n${EVENTS_OUTPUT}`,
    zh: {
      title: "Pod CrashLoopBackOff：启动后立即退出",
      conclusion: "新版本启动时读取配置失败导致进程崩溃，建议回滚",
      rootCause: "最近一次发布删除了配置项 DATABASE_URL，应用启动时解引用空配置后 panic",
      findings: ["容器日志显示 nil pointer dereference", "问题从 10 分钟前的发布开始出现", "上一个版本运行正常"],
      actions: ["回滚到上一个版本", "在发布流水线中校验必需的配置项"],
      proposal: "回滚 deployment 到上一个 revision",
    },
    en: {
      title: "Pod CrashLoopBackOff: exits right after start",
      conclusion: "The new release crashes while loading its configuration; roll back",
      rootCause: "The last release removed DATABASE_URL and the application panics on the missing value at startup",
      findings: ["Container logs show a nil pointer dereference", "The crashes began with the release 10 minutes ago", "The previous revision ran without errors"],
      actions: ["Roll back to the previous revision", "Validate required settings in the release pipeline"],
      proposal: "Roll the deployment back to its previous revision",
    },
  },
  {
    key: "disk", category: "infrastructure", targetKind: "Node", alertName: "NodeFilesystemAlmostFull", alertLine: "[告警] 节点磁盘使用率超过 90%",
    plugin: "cleanup_node_images", parameters: { keep_recent: 3 },
    toolOutput: "Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p1  100G   93G  7.0G  93% /\n/var/lib/containerd  61G of unused images\n" + EVENTS_OUTPUT,
    zh: {
      title: "节点磁盘使用率超过 90%",
      conclusion: "节点上未使用的镜像占用了大部分磁盘，清理后可恢复",
      rootCause: "镜像垃圾回收阈值设置过高，频繁发布留下大量旧镜像",
      findings: ["根分区使用率 93%", "containerd 中有 61G 未使用的镜像", "kubelet 即将触发驱逐"],
      actions: ["清理未使用的镜像", "调低 imageGCHighThresholdPercent"],
      proposal: "清理节点上未使用的容器镜像，保留最近 3 个版本",
    },
    en: {
      title: "Node disk usage above 90%",
      conclusion: "Unused images fill most of the node's disk; pruning them frees it",
      rootCause: "The image garbage collection threshold is too high for the release rate, so old images pile up",
      findings: ["The root filesystem is 93% full", "containerd holds 61G of unused images", "The kubelet is close to evicting pods"],
      actions: ["Prune unused images", "Lower imageGCHighThresholdPercent"],
      proposal: "Prune unused container images on the node, keeping the 3 most recent",
    },
  },
  {
    key: "mysql", category: "database", targetKind: "StatefulSet", alertName: "MySQLTooManyConnections", alertLine: "[告警] MySQL 连接数过高",
    plugin: "scale_workload", parameters: { replicas: 4 },
    toolOutput: "Threads_connected 1987\nmax_connections 2000\nSlow queries in the last 5m: 342\nTop query: SELECT * FROM orders WHERE user_id = ? (no index)\n" + EVENTS_OUTPUT,
    zh: {
      title: "MySQL 连接数接近上限",
      conclusion: "慢查询占满连接池，应用扩容前需先添加索引",
      rootCause: "orders 表按 user_id 查询缺少索引，单条查询耗时 3 秒，连接无法及时释放",
      findings: ["当前连接数 1987，上限 2000", "5 分钟内慢查询 342 条", "慢查询集中在 orders 表"],
      actions: ["为 orders.user_id 添加索引", "临时增加只读副本分担查询"],
      proposal: "将只读副本从 2 个扩容到 4 个，缓解连接压力",
    },
    en: {
      title: "MySQL connections near the limit",
      conclusion: "Slow queries hold the connection pool; add the missing index before scaling the application",
      rootCause: "Queries on orders by user_id have no index and take 3 seconds each, so connections are not released",
      findings: ["1987 of 2000 connections in use", "342 slow queries in 5 minutes", "The slow queries all hit the orders table"],
      actions: ["Add an index on orders.user_id", "Add read replicas for the time being"],
      proposal: "Scale the read replicas from 2 to 4 to relieve the connection pressure",
    },
  },
  {
    key: "redis", category: "cache", targetKind: "StatefulSet", alertName: "RedisMemoryHigh", alertLine: "[告警] Redis 内存使用率过高",
    plugin: "set_container_resources", parameters: { memory_limit: "4Gi" },
    toolOutput: "used_memory_human:3.71G\nmaxmemory_human:4.00G\nevicted_keys:120394\nkeyspace: db0:keys=8123456,expires=120\n" + EVENTS_OUTPUT,
    zh: {
      title: "Redis 内存使用率 93%",
      conclusion: "大量 key 没有设置过期时间，内存持续增长并开始驱逐",
      rootCause: "会话服务写入的 key 缺少 TTL，八百万个 key 中只有 120 个会过期",
      findings: ["used_memory 3.71G / maxmemory 4G", "已驱逐 12 万个 key", "会话 key 没有 TTL"],
      actions: ["为会话 key 设置 TTL", "临时提高 Redis 内存上限"],
      proposal: "将 Redis 内存上限提高到 4Gi，并通知会话服务补充 TTL",
    },
    en: {
      title: "Redis memory usage at 93%",
      conclusion: "Most keys have no expiry, so memory keeps growing and eviction has started",
      rootCause: "The session service writes keys without a TTL; only 120 of 8 million keys expire",
      findings: ["used_memory 3.71G of 4G maxmemory", "120k keys evicted", "Session keys carry no TTL"],
      actions: ["Set a TTL on session keys", "Raise the Redis memory limit for now"],
      proposal: "Raise the Redis memory limit to 4Gi and ask the session service to add TTLs",
    },
  },
  {
    key: "dns", category: "network", targetKind: "Deployment", alertName: "CoreDNSLatencyHigh", alertLine: "[告警] DNS 解析超时",
    plugin: "scale_workload", parameters: { replicas: 4 },
    toolOutput: "coredns_dns_request_duration_seconds p99 2.4s\nSERVFAIL rate 4.1%\ncoredns pods: 2/2 Running, CPU 98% of limit\n" + EVENTS_OUTPUT,
    zh: {
      title: "服务 DNS 解析超时",
      conclusion: "CoreDNS CPU 打满导致解析超时，需要扩容",
      rootCause: "新上线的批处理任务每秒发起上万次解析，CoreDNS 两个副本的 CPU 达到上限",
      findings: ["DNS 解析 p99 延迟 2.4 秒", "SERVFAIL 比例 4.1%", "CoreDNS CPU 使用率 98%"],
      actions: ["将 CoreDNS 扩容到 4 个副本", "为批处理任务启用 NodeLocal DNSCache"],
      proposal: "将 coredns 从 2 个副本扩容到 4 个",
    },
    en: {
      title: "DNS resolution timeouts",
      conclusion: "CoreDNS is CPU-bound and lookups time out; scale it out",
      rootCause: "A new batch job issues tens of thousands of lookups per second and saturates both CoreDNS replicas",
      findings: ["DNS p99 latency 2.4 seconds", "SERVFAIL rate 4.1%", "CoreDNS at 98% of its CPU limit"],
      actions: ["Scale CoreDNS to 4 replicas", "Enable NodeLocal DNSCache for the batch job"],
      proposal: "Scale coredns from 2 to 4 replicas",
    },
  },
];

/** Indexes into SCENARIOS, repeated by how often each kind occurs: OOMKilled and CrashLoopBackOff dominate. */
export const SCENARIO_MIX: readonly number[] = [0, 0, 0, 1, 1, 1, 2, 3, 4, 5];

export const SERVICES = ["web", "api-gateway", "order-service", "payment", "user-center", "search", "notification", "inventory"];
export const NAMESPACES = ["prod", "staging", "payments", "infra", "demo"];
