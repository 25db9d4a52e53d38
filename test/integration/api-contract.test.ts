/**
 * The documented REST API against the facade on the real apiserver: an
 * alert posted over REST becomes an incident the operator diagnoses, the
 * fix waits for approval, an approver approves over REST, and every
 * documented endpoint answers with the documented fields, types and
 * envelopes along the way. SSE is read live and resumed with Last-Event-ID.
 */
import { AppsV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentManifest, simulate } from "../fixtures/scenarios.js";
import { call, startApiSetup, type ApiSetup } from "./api-setup.js";
import { buildApp } from "../../api/app.js";
import { KubeAuth } from "../../api/auth/kube-auth.js";
import { adminKube, eventually, userKube } from "./helpers.js";
import { openSse, type SseConnection, type SseFrame } from "./sse-client.js";

const kc = adminKube();
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const INC_ID = /^INC-\d{8}-\d{3,6}$/;

async function oomPod(namespace: string, name: string): Promise<V1Pod> {
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: deploymentManifest(name, { annotations: simulate("oom-killed", { "oom-limit": "128Mi" }) }),
  });
  return eventually("an OOMKilled pod", async () => {
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `app=${name}` });
    return pods.items.find((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === "OOMKilled");
  });
}

describe("the documented REST API over a live incident", () => {
  let s: ApiSetup;
  let sse: SseConnection;
  let incidentId = "";
  let lastSeenId = "";
  let firstStream: SseFrame[] = [];
  const get = (path: string, token = s.tokens.admin): ReturnType<typeof call> => call(s.api, "GET", path, { token });
  const phase = (phases: string[]): Promise<string> =>
    eventually(`incident in ${phases.join("|")}`, async () => {
      const r = await get(`/api/incidents/${incidentId}`);
      return phases.includes(r.body?.data?.status) ? (r.body.data.status as string) : undefined;
    }, 150_000);

  beforeAll(async () => {
    // Medium-risk fixes need a human, so the incident stops at awaiting_approval.
    s = await startApiSetup({ policy: { autoExecuteMaxRisk: "low" } });
    sse = await openSse(`${s.api.url}/api/events`, s.tokens.viewer);
  });
  afterAll(async () => {
    sse?.close();
    await s?.stop();
  });

  it("GET /healthz: status, version, uptime; open without a token", async () => {
    const r = await call(s.api, "GET", "/healthz");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: "healthy", version: "0.1.0", uptime: expect.any(Number) });
    expect(Number.isInteger(r.body.uptime)).toBe(true);
  });

  it("GET /metrics: Prometheus text with process, HTTP and operator metrics; open", async () => {
    await get("/api/status");
    const r = await call(s.api, "GET", "/metrics");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/plain");
    expect(r.text).toContain("process_cpu_user_seconds_total");
    expect(r.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*method="GET",route="\/api\/status",status_code="200"/);
    expect(r.text).toContain("controller_runtime_reconcile_total");
    expect(r.text).toContain("kubefix_sse_subscribers 1");
  });

  it("POST /api/alert: the incident id, status accepted and the documented message", async () => {
    const pod = await oomPod(s.appNs, "user-service");
    const message = `[告警] Pod OOMKilled\n服务: user-service\n命名空间: ${s.appNs}\nPod: ${pod.metadata!.name}\n级别: high`;
    const r = await call(s.api, "POST", "/api/alert", {
      token: s.tokens.sender,
      body: { message, sender_id: "alert_bot", chat_id: "oc_xxxxxxxx", timestamp: new Date().toISOString() },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, data: { status: "accepted", message: "告警已接收,开始处理", outcome: "created", occurrences: 1 } });
    expect(r.body.data.incident_id).toMatch(INC_ID);
    incidentId = r.body.data.incident_id as string;
  });

  it("reaches awaiting_approval, and GET /api/status counts it as a pending approval", async () => {
    expect(await phase(["awaiting_approval", "escalated", "failed"])).toBe("awaiting_approval");
    const r = await get("/api/status");
    expect(r.body.success).toBe(true);
    expect(r.body.data).toMatchObject({ status: "running", version: "0.1.0", active_incidents: 1, pending_approvals: 1, database_status: "connected", cluster_status: "connected", llm_status: "not_configured" });
    expect(r.body.data.plugins_loaded).toBeGreaterThanOrEqual(30);
    for (const key of ["uptime", "active_incidents", "pending_approvals", "plugins_loaded"]) expect(typeof r.body.data[key]).toBe("number");
    for (const key of ["llm_status", "database_status", "redis_status"]) expect(typeof r.body.data[key]).toBe("string");
  });

  it("GET /api/incidents: the documented item fields, paging numbers and filters", async () => {
    const r = await get("/api/incidents?page=1&page_size=20");
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ total: 1, page: 1, page_size: 20, total_pages: 1 });
    const [item] = r.body.data.items;
    expect(item).toMatchObject({ id: incidentId, title: "Pod OOMKilled", status: "awaiting_approval", severity: "high", category: "kubernetes", resolved_at: null, duration: null });
    expect(item.created_at).toMatch(ISO);
    const count = async (query: string): Promise<number> => (await get(`/api/incidents?${query}`)).body.data.total as number;
    expect(await count("status=awaiting_approval")).toBe(1);
    expect(await count("status=resolved")).toBe(0);
    expect(await count("severity=high")).toBe(1);
    expect(await count("severity=low")).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(await count(`start_date=${today}&end_date=${today}`)).toBe(1);
    expect(await count("end_date=2020-01-01")).toBe(0);
    expect(await count("search=OOMKilled")).toBe(1);
    expect(await count("search=nothing-like-this")).toBe(0);
  });

  it("GET /api/incidents/:id: diagnosis and proposal in the documented shape", async () => {
    const r = await get(`/api/incidents/${incidentId}`);
    const d = r.body.data;
    expect(d).toMatchObject({ id: incidentId, status: "awaiting_approval", severity: "high", source: "alert_bot", execution_result: null });
    expect(d.fingerprint).toEqual(expect.any(String));
    expect(d.description).toEqual(expect.any(String));
    expect(d.diagnosis.conclusion).toContain("OOMKilled");
    expect(d.diagnosis.confidence).toBeGreaterThanOrEqual(0.9);
    expect(d.diagnosis.key_findings.length).toBeGreaterThan(0);
    expect(d.diagnosis.key_findings.every((f: unknown) => typeof f === "string")).toBe(true);
    expect(d.diagnosis.suggested_actions.length).toBeGreaterThan(0);
    expect(d.diagnosis.diagnosed_at).toMatch(ISO);
    expect(d.proposal).toMatchObject({ risk_level: "medium", estimated_duration: expect.any(String), rollback_plan: expect.any(String) });
    expect(d.proposal.steps.every((step: unknown) => typeof step === "string")).toBe(true);
    expect(d.proposal.proposed_at).toMatch(ISO);
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["alert_received", "diagnosis_completed", "proposal_created", "approval_requested"]));
    expect(d.created_at).toMatch(ISO);
    expect(d.updated_at).toMatch(ISO);
    expect(await get(`/api/incidents/${incidentId.toLowerCase()}`)).toMatchObject({ status: 200 });
  });

  it("GET /api/incidents/:id/events: ids, types, timestamps and data", async () => {
    const r = await get(`/api/incidents/${incidentId}/events`);
    const events = r.body.data.events as { id: string; type: string; timestamp: string; data: Record<string, unknown> }[];
    expect(events[0]).toMatchObject({ id: "evt_001", type: "alert_received", data: { sender_id: "alert_bot" } });
    expect(events.every((e) => /^evt_\d{3,}$/.test(e.id) && ISO.test(e.timestamp) && typeof e.data === "object")).toBe(true);
    expect(events.find((e) => e.type === "tool_call")?.data).toHaveProperty("tool");
    expect(events.find((e) => e.type === "diagnosis_completed")?.data).toMatchObject({ conclusion: expect.any(String), confidence: expect.any(Number) });
  });

  it("SSE so far: incident_created … approval_requested; the client then disconnects", async () => {
    const mine = (): string[] => sse.events().filter((f) => f.data?.incident_id === incidentId || f.data?.id === incidentId).map((f) => f.event!);
    await eventually("approval_requested on the stream", () => (mine().includes("approval_requested") ? true : undefined));
    expect(mine()).toEqual(["incident_created", "diagnosis_completed", "proposal_created", "approval_requested"]);
    firstStream = sse.events();
    lastSeenId = sse.frames.at(-1)!.id!;
    sse.close();
  });

  it("a viewer may not approve; an approver approves, and it lands in spec.decisions as a kubectl patch would", async () => {
    expect((await call(s.api, "POST", `/api/incidents/${incidentId}/approve`, { token: s.tokens.viewer, body: {} })).status).toBe(403);
    const r = await call(s.api, "POST", `/api/incidents/${incidentId}/approve`, { token: s.tokens.approver, body: { comment: "LGTM" } });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ incident_id: incidentId, action: "approve", by: `system:serviceaccount:${s.installNs}:approver`, comment: "LGTM", proposal_revision: 1 });
    const inc = await s.incidents.get(incidentId.toLowerCase());
    expect(inc.spec.decisions).toEqual([expect.objectContaining({ action: "approve", via: "api", by: `system:serviceaccount:${s.installNs}:approver`, comment: "LGTM", proposalRevision: 1 })]);
  });

  it("executes, resolves, and the detail carries execution_result; approving again is a 409", async () => {
    expect(await phase(["resolved", "failed", "escalated"])).toBe("resolved");
    const d = (await get(`/api/incidents/${incidentId}`)).body.data;
    expect(d.execution_result).toMatchObject({ success: true, output: expect.any(String) });
    expect(typeof d.execution_result.duration).toBe("number");
    expect(d.execution_result.executed_at).toMatch(ISO);
    expect(d.resolved_at).toMatch(ISO);
    expect(typeof d.duration).toBe("number");
    expect(d.decisions).toEqual([expect.objectContaining({ action: "approve", via: "api" })]);
    const again = await call(s.api, "POST", `/api/incidents/${incidentId}/approve`, { token: s.tokens.approver, body: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ success: false, error: { code: "CONFLICT" } });
  });

  it("SSE: reconnecting with Last-Event-ID delivers exactly the missed events, each once, with ids, in order", async () => {
    const wanted = ["incident_created", "diagnosis_completed", "proposal_created", "approval_requested", "execution_completed", "incident_resolved"];
    sse = await openSse(`${s.api.url}/api/events`, s.tokens.viewer, lastSeenId);
    expect(sse.status).toBe(200);
    const resumed = await eventually("the missed events replayed", () =>
      sse.events().some((f) => f.event === "incident_resolved") ? sse.events() : undefined,
    );
    expect(resumed.map((f) => f.event)).toEqual(["execution_completed", "incident_resolved"]);
    expect(resumed.some((f) => f.event === "replay_gap")).toBe(false);
    const events = [...firstStream, ...resumed].filter((f) => f.data?.incident_id === incidentId || f.data?.id === incidentId);
    expect(new Set(events.map((f) => f.id)).size).toBe(events.length);
    expect(events.map((f) => f.event)).toEqual(wanted);
    expect(events.every((f) => typeof f.id === "string" && f.id.length > 0)).toBe(true);
    expect(events[0]!.data).toMatchObject({ id: incidentId, title: "Pod OOMKilled", severity: "high" });
    expect(events[1]!.data).toMatchObject({ incident_id: incidentId, conclusion: expect.stringContaining("OOMKilled"), confidence: expect.any(Number) });
    expect(events[2]!.data).toMatchObject({ incident_id: incidentId, risk_level: "medium" });
    expect(events[4]!.data).toMatchObject({ incident_id: incidentId, success: true, duration: expect.any(Number) });
    expect(events[5]!.data).toMatchObject({ incident_id: incidentId, resolution: "fixed" });
  });

  it("GET /api/plugins and /api/plugins/:name: the list, the counts and usage statistics", async () => {
    const list = (await get("/api/plugins")).body.data;
    expect(list.total).toBe(list.plugins.length);
    expect(list.diagnostic + list.remediation).toBe(list.total);
    const listPods = list.plugins.find((p: { name: string }) => p.name === "list_pods");
    expect(listPods).toMatchObject({ category: "diagnostic", description: expect.any(String), parameters: { type: "object", properties: expect.any(Object) } });
    const detail = await eventually("usage recorded for set_container_resources", async () => {
      const d = (await get("/api/plugins/set_container_resources")).body.data;
      return d.usage_count > 0 ? d : undefined;
    });
    expect(detail).toMatchObject({ name: "set_container_resources", category: "remediation", success_rate: 1 });
    expect(typeof detail.avg_duration).toBe("number");
    expect((await get("/api/plugins/set-container-resources")).status).toBe(200);
    const missing = await get("/api/plugins/no_such_plugin");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: "插件不存在" } });
  });

  it("a facade whose own account may not review tokens answers the documented 500 (and logs why)", async () => {
    const misdeployed = await buildApp({ ...s.api.deps, access: new KubeAuth({ kc: userKube(), namespace: s.installNs }) });
    const r = await misdeployed.inject({ method: "GET", url: "/api/incidents", headers: { authorization: `Bearer ${s.tokens.admin}` } });
    await misdeployed.close();
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ success: false, error: { code: "INTERNAL_ERROR", message: "服务器内部错误" } });
  });

  it("GET /api/incidents/:id of an unknown id is the documented 404", async () => {
    const r = await get("/api/incidents/INC-20000101-999");
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: "Incident 不存在" } });
  });

  it("history survives deletion: detail, list and search still find the deleted incident", async () => {
    await s.incidents.delete(incidentId.toLowerCase());
    const d = await eventually("the detail marked deleted", async () => {
      const r = await get(`/api/incidents/${incidentId}`);
      return r.body?.data?.deleted_at ? r.body.data : undefined;
    });
    expect(d).toMatchObject({ id: incidentId, status: "resolved" });
    expect((await get("/api/incidents?search=OOMKilled")).body.data.items.map((i: { id: string }) => i.id)).toEqual([incidentId]);
    expect((await get("/api/status")).body.data.active_incidents).toBe(0);
  });

  it("GET /api/statistics counts the history: the deleted, resolved incident and its time to resolve", async () => {
    const r = await get("/api/statistics", s.tokens.viewer);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ total: 1, active: 0, by_status: { resolved: 1 }, by_severity: { high: 1 } });
    expect(r.body.data.mean_time_to_resolve_seconds).toBeGreaterThan(0);
  });
});
