import { z } from "zod";
import type { IncidentCategory, Severity } from "../../crds/index.js";

/** Severity and category are the Incident's own enums, so a parsed alert always fits the CRD. */
export type AlertSeverity = Severity;
export type AlertCategory = IncidentCategory;

export type AlertStatus = "firing" | "resolved";

export interface ParsedAlert {
  title: string;
  alertName?: string;
  service?: string;
  namespace?: string;
  pod?: string;
  deployment?: string;
  node?: string;
  container?: string;
  severity: AlertSeverity;
  category: AlertCategory;
  status: AlertStatus;
  labels: Record<string, string>;
}

export interface AlertHints {
  source?: string;
  labels?: Record<string, string>;
}

// Real alerts are a few lines; a pasted log dump must not make every regex below pay for megabytes.
const MAX_INPUT_CHARS = 65_536;
const MAX_TITLE_CHARS = 512;
// The longest Kubernetes object name, so no legitimate name is ever cut.
const MAX_VALUE_CHARS = 253;
const DEFAULT_TITLE = "alert";
// Enough for "[FIRING:1] [P1] 【告警】"; a bound keeps a line of brackets from looping long.
const MAX_PREFIX_TAGS = 4;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const BRACKET_TAG = /^(?:\[([^\]]{0,40})\]|【([^】]{0,40})】)\s*/;
// Bare words only count as a prefix when shouted, so a title like "Alert rules failed" survives.
const SHOUTED_TAG = /^(ALERT|FIRING|RESOLVED|告警恢复|已恢复|恢复|告警)(?:\s*[:：]\s*|\s+)/;
const LABELLED_TAG = /^(alert|firing|resolved)\s*[:：]\s*/i;

const FIELD_LINE = /^(?:[-*•]\s*)?([^:：=]{1,40}?)\s*([:：=])\s*(.*)$/;
const ASCII_KEY = /^[A-Za-z_][\w.\-/]{0,62}$/;
const HAN_KEY = /^\p{Script=Han}{1,8}$/u;
const INLINE_PAIR = /(?:^|\s)([A-Za-z_][\w.-]{0,62})=("[^"]*"|'[^']*'|[^\s,;)]+)/g;
const PARENTHETICAL = /\(([^()]{1,200})\)/;
const DECORATION = /^[\p{P}\p{S}\s]+$/u;
// Where a derived alert name stops: the details that follow differ between alerts of one kind.
const ALERT_NAME_END = /\s+\(|\s+-\s+|[:：]\s|\s+(?:on|in|for|at)\s+|\s+[\w.-]+=|[，,]\s*/;
const RESOLVED_MARK = /resolved|恢复|^ok$/i;

const KEY_ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    服务: "service",
    服务名: "service",
    服务名称: "service",
    service_name: "service",
    svc: "service",
    命名空间: "namespace",
    名称空间: "namespace",
    ns: "namespace",
    kubernetes_namespace: "namespace",
    容器组: "pod",
    pod_name: "pod",
    kubernetes_pod_name: "pod",
    容器: "container",
    容器名: "container",
    container_name: "container",
    节点: "node",
    节点名: "node",
    node_name: "node",
    部署: "deployment",
    deployment_name: "deployment",
    级别: "severity",
    严重程度: "severity",
    告警级别: "severity",
    等级: "severity",
    优先级: "severity",
    level: "severity",
    priority: "severity",
    告警名称: "alertname",
    告警名: "alertname",
    告警规则: "alertname",
    规则: "alertname",
    规则名称: "alertname",
    alert_name: "alertname",
    rule: "alertname",
    rule_name: "alertname",
    状态: "status",
    告警状态: "status",
    state: "status",
    摘要: "summary",
    概要: "summary",
    描述: "description",
    详情: "description",
    消息: "message",
    内容: "message",
    集群: "cluster",
    实例: "instance",
    主机: "host",
    主机名: "host",
    hostname: "host",
    时间: "time",
    告警时间: "time",
    触发时间: "time",
  }),
);

// Fields whose values are sentences, so they may still mention a pod or namespace.
const PROSE_FIELDS: ReadonlySet<string> = new Set(["summary", "description", "message"]);

const SEVERITY_WORDS: ReadonlyMap<string, AlertSeverity> = new Map([
  ...severityWords("critical", ["critical", "crit", "p0", "fatal", "emergency", "disaster", "紧急", "严重", "致命"]),
  ...severityWords("high", ["high", "error", "err", "major", "p1", "高"]),
  ...severityWords("medium", ["medium", "warning", "warn", "moderate", "average", "p2", "中", "警告"]),
  ...severityWords("low", ["low", "minor", "p3", "低"]),
  ...severityWords("info", ["info", "information", "informational", "notice", "p4", "提示", "信息"]),
]);

const HIGH_IMPACT_SIGNS: readonly RegExp[] = [
  /oom\s*kill/i,
  /crash\s*loop/i,
  /not\s*ready/i,
  /\bdown\b/i,
  /[a-z]Down\b/,
  /不可用|宕机/,
];

// Order matters: the specific technologies outrank the generic symptoms they often come with.
const CATEGORY_SIGNS: ReadonlyArray<readonly [AlertCategory, RegExp]> = [
  ["database", /mysql|postgres|mariadb|mongo|database|数据库/i],
  ["cache", /redis|memcache|缓存/i],
  ["network", /latency|\bdns\b|network|timeout|timed out|网络|超时|延迟/i],
  ["infrastructure", /disk|\bcpu\b|\bhost\b|filesystem|主机|磁盘/i],
  ["application", /\bhttp\b.*\b5\d\d\b|5xx|error[\s_-]?rate|exception|应用|错误率|异常/i],
  ["kubernetes", /\bpod|\bnodes?\b|deployment|k8s|kube|namespace|oom|crash\s*loop|image\s*pull|容器组|节点/i],
];

interface Mention {
  keys: readonly string[];
  pattern: RegExp;
}

// Names are matched lower-case only, so "Pod CrashLoopBackOff" is not read as a pod called CrashLoopBackOff.
const MENTIONS: readonly Mention[] = [
  {
    keys: ["namespace", "pod"],
    pattern: /(?:(?<![\w.-])(?:[Pp]od|POD)\s+|容器组\s*)([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9.-]{0,252})/,
  },
  {
    keys: ["namespace"],
    pattern: /(?:(?<![\w.-])(?:[Nn]amespace|NAMESPACE)(?:\s*[:=：]\s*|\s+)|(?:命名空间|名称空间)\s*[:=：]?\s*)["'`]?([a-z0-9][a-z0-9-]{0,62})/,
  },
  {
    keys: ["pod"],
    pattern: /(?:(?<![\w.-])(?:[Pp]od|POD)(?:\s*[:=：]\s*|\s+)|容器组\s*[:=：]?\s*)["'`]?([a-z0-9][a-z0-9.-]{0,252})/,
  },
  {
    keys: ["deployment"],
    pattern: /(?:(?<![\w.-])(?:[Dd]eployment|DEPLOYMENT)(?:\s*[:=：]\s*|\s+)|部署\s*[:=：]?\s*)["'`]?([a-z0-9][a-z0-9.-]{0,252})/,
  },
  {
    keys: ["node"],
    pattern: /(?:(?<![\w.-])(?:[Nn]ode|NODE)(?:\s*[:=：]\s*|\s+)|节点\s*[:=：]?\s*)["'`]?([a-z0-9][a-z0-9.-]{0,252})/,
  },
  {
    keys: ["service"],
    pattern: /(?:(?<![\w.-])(?:[Ss]ervice|SERVICE)(?:\s*[:=：]\s*|\s+)|服务\s*[:=：]?\s*)["'`]?([a-z0-9][a-z0-9.-]{0,252})/,
  },
];

// Structured labels come from JSON payloads; anything malformed is dropped rather than rejected.
const HINTS_SCHEMA = z
  .object({
    source: z.string().optional().catch(undefined),
    labels: z.record(z.string(), z.unknown()).optional().catch(undefined),
  })
  .catch({});

interface TextScan {
  title?: string;
  firstText?: string;
  prefixTags: string[];
  fields: Map<string, string>;
  mentions: Map<string, string>;
}

type KubernetesNames = Pick<ParsedAlert, "namespace" | "pod" | "deployment" | "service" | "node" | "container">;

/** Reads a free-text alert (Chinese or English, chat or Alertmanager style) into structured fields; never throws. */
export function parseAlert(message: string, hints?: AlertHints): ParsedAlert {
  try {
    return parseText(message, hints);
  } catch {
    // A parser bug must degrade to a generic alert, never lose the alert altogether.
    return { title: DEFAULT_TITLE, severity: "medium", category: "unknown", status: "firing", labels: {} };
  }
}

function parseText(message: unknown, hints: unknown): ParsedAlert {
  const scan = scanLines(splitLines(typeof message === "string" ? message : ""));
  const labels = new Map([...scan.mentions, ...scan.fields, ...hintLabels(hints)]);
  const titleText = chooseTitle(scan, labels);
  const title = titleText ?? DEFAULT_TITLE;
  const alertName = labels.get("alertname") ?? (titleText === undefined ? undefined : alertNameFromTitle(titleText));
  const names = kubernetesNames(labels);
  const severityWordsSeen = [labels.get("severity") ?? "", ...scan.prefixTags, ...parentheticalWords(title)];
  return definedOnly<ParsedAlert>({
    title,
    alertName: alertName === undefined ? undefined : truncate(alertName, MAX_VALUE_CHARS),
    ...names,
    severity: resolveSeverity(severityWordsSeen, `${title} ${alertName ?? ""}`),
    category: resolveCategory(names, [title, alertName, names.service, names.deployment].join(" ")),
    status: resolveStatus([...scan.prefixTags, labels.get("status") ?? ""]),
    labels: Object.fromEntries([...labels].map(([key, value]) => [key, truncate(value, MAX_VALUE_CHARS)])),
  });
}

function splitLines(message: string): string[] {
  return message
    .slice(0, MAX_INPUT_CHARS)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\p{Cc}/gu, " ").trim())
    .filter((line) => line !== "" && !DECORATION.test(line));
}

function scanLines(lines: readonly string[]): TextScan {
  const scan: TextScan = { prefixTags: [], fields: new Map(), mentions: new Map() };
  for (const line of lines) scanLine(scan, line);
  return scan;
}

function scanLine(scan: TextScan, line: string): void {
  const { rest, tags } = stripPrefix(line);
  if (scan.title === undefined) scan.prefixTags.push(...tags);
  if (rest === "") return;
  scan.firstText ??= rest;
  // A tagged line is a headline by construction, even when it happens to contain a colon.
  const field = tags.length === 0 ? matchField(rest) : undefined;
  if (field === undefined) {
    collectMentions(rest, scan.mentions);
    scan.title ??= rest;
    return;
  }
  addIfAbsent(scan.fields, field.key, field.value);
  if (PROSE_FIELDS.has(field.key)) collectMentions(field.value, scan.mentions);
}

function stripPrefix(line: string): { rest: string; tags: string[] } {
  const tags: string[] = [];
  let rest = line;
  for (let count = 0; count < MAX_PREFIX_TAGS; count++) {
    const match = BRACKET_TAG.exec(rest) ?? SHOUTED_TAG.exec(rest) ?? LABELLED_TAG.exec(rest);
    if (match === null) break;
    tags.push((match[1] ?? match[2] ?? "").trim());
    rest = rest.slice(match[0].length);
  }
  return { rest: rest.trim(), tags };
}

function matchField(line: string): { key: string; value: string } | undefined {
  const match = FIELD_LINE.exec(line);
  if (match === null) return undefined;
  const [, rawKey = "", separator, rawValue = ""] = match;
  // "a=1 b=2" and bare URLs are prose with pairs inside, not one field.
  if ((separator === "=" && rawValue.includes("=")) || rawValue.startsWith("//")) return undefined;
  const key = fieldKey(rawKey);
  return key === undefined ? undefined : { key, value: cleanValue(rawValue) };
}

function fieldKey(rawKey: string): string | undefined {
  const key = normaliseKey(rawKey);
  const alias = KEY_ALIASES.get(key);
  if (alias !== undefined) return alias;
  const trimmed = rawKey.trim();
  // Unknown keys must look like keys; "High memory usage: 93%" is a sentence, not a label.
  return ASCII_KEY.test(trimmed) || HAN_KEY.test(trimmed) ? key : undefined;
}

function normaliseKey(rawKey: string): string {
  const trimmed = rawKey.trim().slice(0, MAX_VALUE_CHARS);
  if (/\p{Script=Han}/u.test(trimmed)) return trimmed.replace(/\s+/g, "");
  return trimmed
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

function canonicalKey(rawKey: string): string {
  const key = normaliseKey(rawKey);
  return KEY_ALIASES.get(key) ?? key;
}

function cleanValue(raw: string): string {
  const collapsed = raw.replace(/\s+/g, " ").trim();
  const quoted = /^(["'`])(.*)\1$/.exec(collapsed);
  return (quoted?.[2] ?? collapsed).trim();
}

function addIfAbsent(into: Map<string, string>, key: string, value: string): void {
  if (key !== "" && value !== "" && !into.has(key)) into.set(key, value);
}

function collectMentions(text: string, into: Map<string, string>): void {
  const found = [...inlinePairs(text), ...phraseMentions(text), ...parentheticalMentions(text)];
  for (const [key, value] of found) addIfAbsent(into, key, value);
}

function inlinePairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const match of text.matchAll(INLINE_PAIR)) {
    const key = fieldKey(match[1] ?? "");
    if (key !== undefined) pairs.push([key, cleanValue(match[2] ?? "")]);
  }
  return pairs;
}

function phraseMentions(text: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const { keys, pattern } of MENTIONS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    keys.forEach((key, index) => {
      const name = (match[index + 1] ?? "").replace(/[.-]+$/, "");
      if (isPlausibleMention(key, name)) found.push([key, name]);
    });
  }
  return found;
}

// Workload names almost always carry a dash, dot or digit; without one, "pod crashed" would name a pod "crashed".
function isPlausibleMention(key: string, name: string): boolean {
  return name !== "" && (key === "namespace" || /[-.\d]/.test(name));
}

// Alertmanager's default titles read "(<namespace>/<pod> <severity>)".
function parentheticalMentions(text: string): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const token of parentheticalTokens(text)) {
    const [namespace = "", pod = "", ...extra] = token.split("/");
    if (extra.length === 0 && isDnsLabel(namespace) && pod !== "") found.push(["namespace", namespace], ["pod", pod]);
  }
  return found;
}

function parentheticalTokens(text: string): string[] {
  return (PARENTHETICAL.exec(text)?.[1] ?? "").split(/[\s,]+/).filter((token) => token !== "");
}

function parentheticalWords(text: string): string[] {
  return parentheticalTokens(text).flatMap((token) => token.split("/"));
}

function hintLabels(hints: unknown): Map<string, string> {
  const parsed = HINTS_SCHEMA.parse(hints);
  const labels = new Map<string, string>();
  addIfAbsent(labels, "source", cleanValue(parsed.source ?? ""));
  for (const [rawKey, rawValue] of Object.entries(parsed.labels ?? {})) {
    const value = primitiveText(rawValue);
    const key = canonicalKey(rawKey);
    if (key !== "" && value !== "") labels.set(key, value);
  }
  return labels;
}

function primitiveText(value: unknown): string {
  const isPrimitive = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  return isPrimitive ? cleanValue(String(value)) : "";
}

function chooseTitle(scan: TextScan, labels: ReadonlyMap<string, string>): string | undefined {
  const raw =
    scan.title ??
    labels.get("summary") ??
    labels.get("description") ??
    labels.get("message") ??
    labels.get("alertname") ??
    scan.firstText;
  return raw === undefined ? undefined : truncate(raw.replace(/\s+/g, " ").trim(), MAX_TITLE_CHARS);
}

function alertNameFromTitle(title: string): string | undefined {
  const name = title.split(ALERT_NAME_END, 1)[0]?.trim() ?? "";
  return name === "" ? undefined : name;
}

function kubernetesNames(labels: ReadonlyMap<string, string>): KubernetesNames {
  const valid = (key: string, isValid: (value: string) => boolean): string | undefined => {
    const value = labels.get(key);
    return value !== undefined && isValid(value) ? value : undefined;
  };
  const pod = valid("pod", isDnsSubdomain);
  // Only a Deployment the alert names: a pod's owner is read in the cluster during diagnosis, never
  // guessed from the pod's name ("backup-nightly-x7k2p" is a CronJob's pod, not Deployment "backup").
  const deployment = valid("deployment", isDnsSubdomain);
  return {
    namespace: valid("namespace", isDnsLabel),
    pod,
    deployment,
    service: valid("service", isDnsSubdomain) ?? deployment,
    node: valid("node", isDnsSubdomain),
    container: valid("container", isDnsLabel),
  };
}

function resolveSeverity(candidates: readonly string[], text: string): AlertSeverity {
  for (const candidate of candidates) {
    const severity = severityFromWord(candidate);
    if (severity !== undefined) return severity;
  }
  return HIGH_IMPACT_SIGNS.some((sign) => sign.test(text)) ? "high" : "medium";
}

function severityFromWord(raw: string): AlertSeverity | undefined {
  const word = raw.trim().toLowerCase();
  const exact = SEVERITY_WORDS.get(word);
  if (exact !== undefined) return exact;
  // "P1-高" or "severity/critical": any one recognised token decides.
  for (const token of word.split(/[^\p{L}\p{N}]+/u)) {
    const severity = SEVERITY_WORDS.get(token);
    if (severity !== undefined) return severity;
  }
  return undefined;
}

function resolveCategory(names: KubernetesNames, text: string): AlertCategory {
  if (names.namespace !== undefined || names.pod !== undefined) return "kubernetes";
  return CATEGORY_SIGNS.find(([, sign]) => sign.test(text))?.[0] ?? "unknown";
}

function resolveStatus(markers: readonly string[]): AlertStatus {
  return markers.some((marker) => RESOLVED_MARK.test(marker.trim())) ? "resolved" : "firing";
}

function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // Never leave half of a surrogate pair behind.
  return (/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut).trim();
}

function severityWords(severity: AlertSeverity, words: readonly string[]): Array<[string, AlertSeverity]> {
  return words.map((word) => [word, severity]);
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
