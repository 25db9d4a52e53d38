/** service_no_endpoints: a Service's selector matches no ready pod, so it has nowhere to send traffic. */
import type { V1EndpointSlice, V1Service } from "@kubernetes/client-node";
import type { Evidence } from "../evidence.js";
import { describePod } from "../facts/describe.js";
import { mapSelectorString, matchesSelector } from "../../../lib/kube/label-selector.js";
import { isPodReady } from "../facts/pods.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { finding, type RuleMatch } from "./types.js";

interface ServiceMessages {
  conclusion: (service: string) => string;
  noPods: (service: string, selector: string) => string;
  noneReady: (service: string, pods: number) => string;
  readyNoEndpoints: (service: string) => string;
  endpoints: string;
  pods: (n: number) => string;
  checkSelector: (selector: string) => string;
  checkWorkload: string;
  fixPods: string;
  checkPorts: string;
}

const MESSAGES: Record<Locale, ServiceMessages> = {
  zh: {
    conclusion: (s) => `Service ${s} 没有可用的端点`,
    noPods: (s, sel) => `Service ${s} 的 selector（${sel}）没有匹配任何 Pod，流量无处可去`,
    noneReady: (s, n) => `Service ${s} 匹配的 ${n} 个 Pod 都未就绪，没有可用端点`,
    readyNoEndpoints: (s) => `Service ${s} 匹配到就绪的 Pod，但 EndpointSlice 中没有就绪端点`,
    endpoints: "Service 没有就绪的端点",
    pods: (n) => `selector 匹配 ${n} 个 Pod`,
    checkSelector: (sel) => `核对 Service selector 与 Pod 标签：kubectl get pods -l ${sel}`,
    checkWorkload: "确认后端工作负载已部署且副本数大于 0",
    fixPods: "先排查后端 Pod 未就绪的原因（见其他发现）",
    checkPorts: "检查 EndpointSlice 控制器和 Service 的端口定义",
  },
  en: {
    conclusion: (s) => `Service ${s} has no ready endpoints`,
    noPods: (s, sel) => `The selector of Service ${s} (${sel}) matches no pod; its traffic has nowhere to go`,
    noneReady: (s, n) => `None of the ${n} pods Service ${s} selects is ready; it has no endpoints`,
    readyNoEndpoints: (s) => `Service ${s} selects ready pods, yet its EndpointSlices list no ready endpoint`,
    endpoints: "The Service has no ready endpoints",
    pods: (n) => `The selector matches ${n} pods`,
    checkSelector: (sel) => `Compare the Service selector with the pod labels: kubectl get pods -l ${sel}`,
    checkWorkload: "Make sure the backing workload is deployed with more than 0 replicas",
    fixPods: "Find out why the backing pods are not ready first (see the other findings)",
    checkPorts: "Check the EndpointSlice controller and the Service's ports",
  },
};

const slicesOf = (e: Evidence, service: string): V1EndpointSlice[] =>
  e.endpointSlices.filter((s) => (s.metadata?.labels?.["kubernetes.io/service-name"] ?? service) === service);

function endpointCounts(slices: V1EndpointSlice[]): { ready: number; notReady: number } {
  // A slice of a selector that matches no pod arrives with `endpoints: null`, whatever the type says.
  const all = slices.flatMap((s) => s.endpoints ?? []);
  // The API says a nil ready condition means ready.
  const ready = all.filter((ep) => ep.conditions?.ready !== false).length;
  return { ready, notReady: all.length - ready };
}

/** A Service that routes by selector; ExternalName and hand-managed endpoints are out of scope. */
function selectorOf(service: V1Service | undefined): Record<string, string> | undefined {
  const selector = service?.spec?.selector;
  if (service?.spec?.type === "ExternalName" || selector === undefined) return undefined;
  return Object.keys(selector).length === 0 ? undefined : selector;
}

interface Verdict {
  confidence: number;
  rootCause: string;
  actions: string[];
}

/** No pods points at the selector itself; unready pods are explained better by the pods' own rules. */
function judge(s: { name: string; selector: string; pods: number; ready: number }, m: ServiceMessages): Verdict {
  if (s.pods === 0) return { confidence: 0.85, rootCause: m.noPods(s.name, s.selector), actions: [m.checkSelector(s.selector), m.checkWorkload] };
  if (s.ready === 0) return { confidence: 0.55, rootCause: m.noneReady(s.name, s.pods), actions: [m.fixPods] };
  return { confidence: 0.5, rootCause: m.readyNoEndpoints(s.name), actions: [m.checkPorts] };
}

/** Detects a selector that matches no pod (0.85), only unready pods (0.55), or ready pods without endpoints (0.5). */
export function detectServiceNoEndpoints(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const selector = selectorOf(e.service);
  const name = e.service?.metadata?.name ?? e.target.name;
  const counts = endpointCounts(slicesOf(e, name));
  if (selector === undefined || counts.ready > 0) return undefined;
  const m = MESSAGES[locale];
  const selectorText = mapSelectorString(selector);
  const pods = e.pods.filter((p) => matchesSelector(p.metadata?.labels, { matchLabels: selector }));
  const ready = pods.filter(isPodReady);
  const serviceLine = `service ${name}: selector ${selectorText} type=${e.service?.spec?.type ?? "ClusterIP"} readyEndpoints=0 notReadyEndpoints=${counts.notReady}`;
  const verdict = judge({ name, selector: selectorText, pods: pods.length, ready: ready.length }, m);
  return {
    mode: "service_no_endpoints",
    confidence: verdict.confidence,
    conclusion: m.conclusion(name),
    rootCause: verdict.rootCause,
    findings: [
      finding(m.endpoints, [serviceLine], "get_service_endpoints"),
      finding(m.pods(pods.length), pods.slice(0, 5).map(describePod), "list_pods"),
    ],
    suggestedActions: verdict.actions,
  };
}
