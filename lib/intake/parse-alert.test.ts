import { describe, expect, it } from "vitest";
import { parseAlert } from "./parse-alert.js";
import type { AlertHints, ParsedAlert } from "./parse-alert.js";

const defaultAlert: ParsedAlert = {
  title: "alert",
  severity: "medium",
  category: "unknown",
  status: "firing",
  labels: {},
};

// toMatchObject wants a key present even when it expects undefined; an absent key is what "kept out" means here.
function expectAlert(actual: ParsedAlert, expected: Partial<ParsedAlert>): void {
  const entries = Object.entries(expected);
  expect(actual).toMatchObject(Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
  for (const [key] of entries.filter(([, value]) => value === undefined)) expect(actual).not.toHaveProperty(key);
}

describe("parseAlert", () => {
  it.each<[string, string, Partial<ParsedAlert>]>([
    [
      "the Chinese REST reference format",
      "[告警] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production",
      {
        title: "Pod CrashLoopBackOff",
        alertName: "Pod CrashLoopBackOff",
        service: "user-service",
        namespace: "production",
        severity: "high",
        category: "kubernetes",
        status: "firing",
        labels: { service: "user-service", namespace: "production" },
      },
    ],
    [
      "full-width colons, CRLF and 【】 brackets",
      "【告警】 Pod OOMKilled\r\n服务名 ： order-service \r\n名称空间：shop\r\n容器组： order-service-5f7b9c8d4-abcde\r\n容器：app\r\n告警级别：P0",
      {
        title: "Pod OOMKilled",
        service: "order-service",
        namespace: "shop",
        pod: "order-service-5f7b9c8d4-abcde",
        deployment: undefined,
        container: "app",
        severity: "critical",
        labels: {
          service: "order-service",
          namespace: "shop",
          pod: "order-service-5f7b9c8d4-abcde",
          container: "app",
          severity: "P0",
        },
      },
    ],
    [
      "Chinese alert name, deployment and low severity",
      "[告警] 内存使用率过高\n告警名称: HighMemoryUsage\n部署: api-gateway\n命名空间: prod\n级别: 低",
      { alertName: "HighMemoryUsage", deployment: "api-gateway", service: "api-gateway", namespace: "prod", severity: "low" },
    ],
    [
      "Chinese node outage with 节点 and 严重程度",
      "[告警] 节点不可用\n节点: worker-3\n严重程度: 紧急",
      { title: "节点不可用", node: "worker-3", severity: "critical", category: "kubernetes" },
    ],
    [
      "Chinese database warning with 规则",
      "[告警] 数据库连接数过高\n规则: MysqlTooManyConnections\n级别: 警告\n服务: mysql-primary",
      { alertName: "MysqlTooManyConnections", service: "mysql-primary", severity: "medium", category: "database" },
    ],
    [
      "a [恢复] recovery",
      "[恢复] Pod CrashLoopBackOff\n服务: user-service\n命名空间: production",
      { title: "Pod CrashLoopBackOff", status: "resolved", namespace: "production" },
    ],
    ["an [已恢复] recovery", "[已恢复] 服务不可用\n服务: pay-api", { title: "服务不可用", status: "resolved", service: "pay-api" }],
    ["a 告警恢复 word prefix", "告警恢复：Redis 缓存命中率低", { title: "Redis 缓存命中率低", status: "resolved", category: "cache" }],
    [
      "an Alertmanager [FIRING:1] title",
      "[FIRING:1] KubePodCrashLooping (production/user-service-abc123 critical)",
      {
        title: "KubePodCrashLooping (production/user-service-abc123 critical)",
        alertName: "KubePodCrashLooping",
        namespace: "production",
        pod: "user-service-abc123",
        deployment: undefined,
        severity: "critical",
        category: "kubernetes",
        status: "firing",
      },
    ],
    [
      "Alertmanager text with a Labels block",
      "[FIRING:1] KubePodCrashLooping\nLabels:\n - alertname = KubePodCrashLooping\n - namespace = production\n - pod = user-service-7d9f8b6c5-x2x9k\n - severity = warning\nAnnotations:\n - summary = Pod is crash looping.",
      {
        alertName: "KubePodCrashLooping",
        namespace: "production",
        pod: "user-service-7d9f8b6c5-x2x9k",
        deployment: undefined,
        service: undefined,
        severity: "medium",
        labels: {
          alertname: "KubePodCrashLooping",
          namespace: "production",
          pod: "user-service-7d9f8b6c5-x2x9k",
          severity: "warning",
          summary: "Pod is crash looping.",
        },
      },
    ],
    [
      "Alertmanager key: value lines only",
      "alertname: KubeDeploymentReplicasMismatch\nnamespace: payments\ndeployment: checkout\nseverity: warning\nservice: checkout-api",
      {
        title: "KubeDeploymentReplicasMismatch",
        alertName: "KubeDeploymentReplicasMismatch",
        namespace: "payments",
        deployment: "checkout",
        service: "checkout-api",
        severity: "medium",
      },
    ],
    [
      "a summary annotation as the title",
      "severity: info\nsummary: Certificate expires in 20 days\nnamespace: ingress",
      { title: "Certificate expires in 20 days", alertName: "Certificate expires", severity: "info" },
    ],
    [
      "a [RESOLVED] Labels block",
      "[RESOLVED] KubePodCrashLooping\nLabels:\n - namespace = production",
      { status: "resolved", namespace: "production", alertName: "KubePodCrashLooping" },
    ],
    [
      "a status: resolved line",
      "alertname: HighErrorRate\nstatus: resolved\nseverity: error",
      { status: "resolved", severity: "high", category: "application" },
    ],
    ["a shouted RESOLVED prefix", "RESOLVED Node NotReady node=worker-3", { status: "resolved", title: "Node NotReady node=worker-3" }],
    [
      "an English prose alert",
      "Alert: High memory usage on pod api-7d9f in namespace shop",
      {
        title: "High memory usage on pod api-7d9f in namespace shop",
        alertName: "High memory usage",
        pod: "api-7d9f",
        namespace: "shop",
        deployment: undefined,
        category: "kubernetes",
        severity: "medium",
      },
    ],
    [
      "ALERT with an inline node=",
      "ALERT Node NotReady node=worker-3",
      { title: "Node NotReady node=worker-3", alertName: "Node NotReady", node: "worker-3", severity: "high", category: "kubernetes" },
    ],
    [
      "a cache alert",
      "[Alert] Redis latency above 200ms\nservice: redis-cache\nseverity: low",
      { title: "Redis latency above 200ms", service: "redis-cache", severity: "low", category: "cache" },
    ],
    ["a network alert", "DNS resolution timeout for upstream\nseverity: P4", { severity: "info", category: "network" }],
    [
      "an infrastructure alert with priority",
      "Disk usage 91% on host db-backup-1\npriority: P3",
      { severity: "low", category: "infrastructure", labels: { severity: "P3" } },
    ],
    ["an application alert", "HTTP 5xx error rate above 5%", { severity: "medium", category: "application" }],
    ["an alert with no known keywords", "Something odd happened", { title: "Something odd happened", category: "unknown", severity: "medium" }],
    ["a down service", "checkout is down", { severity: "high" }],
    ["an unknown severity word", "Queue backlog growing\nseverity: banana", { severity: "medium", labels: { severity: "banana" } }],
    ["a severity tag in the prefix", "[P1] [告警] 订单服务异常", { title: "订单服务异常", severity: "high", category: "application" }],
    [
      "keys spelled in many ways",
      "Order backlog\nAlert Name: OrderBacklog\nkubernetes_namespace: orders\nPod Name: worker-6c9d8f7b5-z8k2m\nCluster: prod-east",
      {
        alertName: "OrderBacklog",
        namespace: "orders",
        pod: "worker-6c9d8f7b5-z8k2m",
        deployment: undefined,
        labels: { alertname: "OrderBacklog", namespace: "orders", pod: "worker-6c9d8f7b5-z8k2m", cluster: "prod-east" },
      },
    ],
    [
      "names that are not Kubernetes names",
      "Bad names\nnamespace: Production_NS\npod: My_Pod!\nnode: worker 3\ndeployment: -api\n容器: App",
      {
        namespace: undefined,
        pod: undefined,
        node: undefined,
        deployment: undefined,
        service: undefined,
        container: undefined,
        labels: { namespace: "Production_NS", pod: "My_Pod!", node: "worker 3", deployment: "-api", container: "App" },
      },
    ],
    [
      "a namespace one character too long",
      `Quota exceeded\nnamespace: ${"n".repeat(64)}`,
      { namespace: undefined, labels: { namespace: "n".repeat(64) } },
    ],
    [
      "a pod whose name has no ReplicaSet hash",
      "Pod restarting\npod: api-7d9f",
      { pod: "api-7d9f", deployment: undefined, service: undefined },
    ],
    [
      "an explicit service next to a pod: no Deployment derived from the pod's name",
      "Pod restarting\npod: web-6b8f9d7c4-q7w2e\nservice: web-frontend",
      { pod: "web-6b8f9d7c4-q7w2e", deployment: undefined, service: "web-frontend" },
    ],
    ["an empty message", "", defaultAlert],
    ["whitespace and decoration only", "   \r\n\t ---- \n@@@ \n", defaultAlert],
    ["control characters only", "\u0000\u0001\u0007\u001b", defaultAlert],
    ["a bracket tag with nothing after it", "[告警]", defaultAlert],
  ])("reads %s", (_name, message, expected) => {
    expectAlert(parseAlert(message), expected);
  });

  it("omits optional fields rather than setting them to undefined", () => {
    expect(parseAlert("")).toStrictEqual(defaultAlert);
  });

  it("caps an overlong title at 512 characters and values at 253", () => {
    const alert = parseAlert(`[告警]   ${"x".repeat(2000)}\n服务: ${"a".repeat(400)}\nnode: ${"b".repeat(400)}`);
    expect(alert.title).toBe("x".repeat(512));
    expect(alert.labels.service).toBe("a".repeat(253));
    expect(alert.labels.node).toBe("b".repeat(253));
    // A cut name is a wrong name, so it must not reach the typed fields.
    expect(alert.service).toBeUndefined();
    expect(alert.node).toBeUndefined();
  });

  it.each<[string, AlertHints, Partial<ParsedAlert>]>([
    [
      "structured labels over the text",
      { labels: { namespace: "production", Severity: "critical", pod: "web-6b8f9d7c4-q7w2e" } },
      {
        namespace: "production",
        severity: "critical",
        pod: "web-6b8f9d7c4-q7w2e",
        deployment: undefined,
        labels: { namespace: "production", severity: "critical", pod: "web-6b8f9d7c4-q7w2e" },
      },
    ],
    ["the source as a label", { source: " alertmanager " }, { namespace: "staging", labels: { source: "alertmanager", namespace: "staging" } }],
    ["a resolved status label", { labels: { status: "resolved" } }, { status: "resolved" }],
    ["an alert name label", { labels: { alertname: "KubePodCrashLooping" } }, { alertName: "KubePodCrashLooping", title: "Pod CrashLoopBackOff" }],
  ])("takes hints: %s", (_name, hints, expected) => {
    expectAlert(parseAlert("[告警] Pod CrashLoopBackOff\n命名空间: staging", hints), expected);
  });

  it.each<[string, unknown, unknown]>([
    ["a non-string message", undefined, undefined],
    ["a number message with non-object hints", 42, "nonsense"],
    ["malformed hint labels", "Pod restarting", { source: 7, labels: { a: null, b: { nested: true }, c: 3 } }],
  ])("never throws on %s", (_name, message, hints) => {
    const alert = parseAlert(message as string, hints as AlertHints);
    expect(alert.severity).toBe("medium");
    expect(alert.status).toBe("firing");
    expect(Object.values(alert.labels).every((value) => typeof value === "string")).toBe(true);
  });

  it("keeps primitive hint values and drops the rest", () => {
    const hints = { labels: { a: null, b: { nested: true }, c: 3, d: false } } as unknown as AlertHints;
    expect(parseAlert("Pod restarting", hints).labels).toStrictEqual({ c: "3", d: "false" });
  });
});

describe("a pod's owner is never guessed from its name", () => {
  it.each<[string]>([
    ["backup-nightly-x7k2p"],
    ["backup-nightly-29012345-x7k2p"],
    ["nginx-ingress-controller-abcde"],
    ["user-service-7d9f8b6c5-x2x9k"],
    ["mysql-0"],
  ])("pod %s: the alert keeps the pod and names no Deployment or Service", (pod) => {
    const alert = parseAlert(`Pod failing\nnamespace: ops\npod: ${pod}`);
    expect(alert.pod).toBe(pod);
    expect(alert.deployment).toBeUndefined();
    expect(alert.service).toBeUndefined();
  });
});
