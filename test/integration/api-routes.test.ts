/**
 * The rest of the reference on the real apiserver: knowledge CRUD as
 * KnowledgeEntry resources, settings in their ConfigMap and Secret, the
 * environment context, rejecting over REST, and who may do what: every
 * non-open route refuses a missing token (401) and a token without rights
 * (403), a viewer reads but never changes, an approver decides.
 */
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWLEDGE_ENTRIES } from "../../lib/resources.js";
import { KindClient } from "../../lib/kube/kind-client.js";
import { proposingEngine } from "../fixtures/proposing-engine.js";
import { call, startApiSetup, type ApiSetup } from "./api-setup.js";
import { adminKube, eventually } from "./helpers.js";

const kc = adminKube();
const engine = proposingEngine({ Scale: (namespace, name) => [{ plugin: "scale_deployment", parameters: { namespace, deployment_name: name, replicas: 2 }, description: "scale" }] });

describe("REST routes on the real apiserver", () => {
  let s: ApiSetup;
  beforeAll(async () => {
    // No executions allowed per hour: every proposal waits for a human.
    s = await startApiSetup({ engine, policy: { hourlyQuota: 0 } });
  });
  afterAll(async () => s?.stop());

  describe("knowledge", () => {
    let id = "";
    it("POST creates a KnowledgeEntry and answers 201 with the entry", async () => {
      const r = await call(s.api, "POST", "/api/knowledge", {
        token: s.tokens.admin,
        body: { title: "Pod OOMKilled 处理方案", content: "当 Pod 因 OOMKilled 重启时,先看内存 limit 与实际用量。", category: "kubernetes", tags: ["pod", "oom", "memory"] },
      });
      expect(r.status).toBe(201);
      expect(r.body.data).toMatchObject({ title: "Pod OOMKilled 处理方案", category: "kubernetes", tags: ["pod", "oom", "memory"], author: `system:serviceaccount:${s.installNs}:admin` });
      id = r.body.data.id as string;
      const entry = await new KindClient(kc, KNOWLEDGE_ENTRIES, s.installNs).get(id);
      expect(entry.spec).toMatchObject({ title: "Pod OOMKilled 处理方案", tags: ["pod", "oom", "memory"] });
    });

    it("GET /:id reads it back at once; GET lists it and finds it by a word and by category", async () => {
      expect((await call(s.api, "GET", `/api/knowledge/${id}`, { token: s.tokens.viewer })).body.data.id).toBe(id);
      const list = await eventually("the entry in the list", async () => {
        const r = await call(s.api, "GET", "/api/knowledge?search=OOMKilled", { token: s.tokens.viewer });
        return r.body.data.total === 1 ? r.body.data : undefined;
      });
      expect(list).toMatchObject({ page: 1, page_size: 20, total_pages: 1 });
      expect(list.items[0].id).toBe(id);
      expect((await call(s.api, "GET", "/api/knowledge?category=kubernetes", { token: s.tokens.viewer })).body.data.total).toBe(1);
      expect((await call(s.api, "GET", "/api/knowledge?category=database", { token: s.tokens.viewer })).body.data.total).toBe(0);
    });

    it("PUT changes the fields sent; the search follows", async () => {
      const r = await call(s.api, "PUT", `/api/knowledge/${id}`, { token: s.tokens.admin, body: { tags: ["pod", "memory-leak"] } });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ id, title: "Pod OOMKilled 处理方案", tags: ["pod", "memory-leak"] });
      await eventually("the new tag searchable", async () => {
        const list = await call(s.api, "GET", "/api/knowledge?search=memory-leak", { token: s.tokens.viewer });
        return list.body.data.total === 1 ? true : undefined;
      });
    });

    it("DELETE removes it; a second DELETE and a GET are the documented 404", async () => {
      const r = await call(s.api, "DELETE", `/api/knowledge/${id}`, { token: s.tokens.admin });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: true, data: { id } });
      const again = await call(s.api, "DELETE", `/api/knowledge/${id}`, { token: s.tokens.admin });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: "知识条目不存在" } });
      await eventually("gone from the cache", async () => ((await call(s.api, "GET", `/api/knowledge/${id}`, { token: s.tokens.admin })).status === 404 ? true : undefined));
    });
  });

  describe("config", () => {
    it("GET has the documented sections and types", async () => {
      const r = await call(s.api, "GET", "/api/config", { token: s.tokens.viewer });
      expect(r.status).toBe(200);
      const d = r.body.data;
      expect(d.llm).toMatchObject({ provider: expect.any(String), model: expect.any(String), base_url: expect.any(String), timeout: expect.any(Number) });
      expect(d.feishu).toMatchObject({ alert_bot_ids: expect.any(Array) });
      expect(d.security).toMatchObject({ allowed_namespaces: expect.any(Array), max_replica_change: expect.any(Number), forbidden_verbs: expect.any(Array), hourly_quota: expect.any(Number) });
      expect(d.monitoring).toMatchObject({ enable_postgresql: expect.any(Boolean), enable_redis: expect.any(Boolean), enable_aws: expect.any(Boolean) });
    });

    it("PUT stores settings in the ConfigMap and secrets in the Secret, and never returns a secret", async () => {
      const r = await call(s.api, "PUT", "/api/config", { token: s.tokens.admin, body: { LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: 600, LLM_API_KEY: "sk-ant-very-secret" } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: true, message: "配置更新成功" });
      expect(r.body.data.llm).toMatchObject({ model: "claude-3-5-sonnet-20241022", timeout: 600, api_key: "******" });
      expect(r.text).not.toContain("sk-ant-very-secret");
      const core = kc.makeApiClient(CoreV1Api);
      expect((await core.readNamespacedConfigMap({ name: "kubefix-config", namespace: s.installNs })).data).toMatchObject({ LLM_MODEL: "claude-3-5-sonnet-20241022", LLM_TIMEOUT: "600" });
      const secret = await core.readNamespacedSecret({ name: "kubefix-secrets", namespace: s.installNs });
      expect(Buffer.from(secret.data!.LLM_API_KEY!, "base64").toString()).toBe("sk-ant-very-secret");
      const again = await call(s.api, "GET", "/api/config", { token: s.tokens.admin });
      expect(again.text).not.toContain("sk-ant-very-secret");
      expect((await call(s.api, "GET", "/api/status", { token: s.tokens.admin })).body.data.llm_status).toBe("configured");
    });

    it("PUT refuses an unknown key and a bad value, naming each", async () => {
      const r = await call(s.api, "PUT", "/api/config", { token: s.tokens.admin, body: { LLM_TIMEOUT: -5, NOT_A_SETTING: 1 } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
      expect(r.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["LLM_TIMEOUT", "NOT_A_SETTING"]);
    });

    it("a viewer cannot change config; the admin can, and a secret needs rights on the Secret", async () => {
      expect((await call(s.api, "PUT", "/api/config", { token: s.tokens.viewer, body: { LLM_MODEL: "x" } })).status).toBe(403);
      expect((await call(s.api, "PUT", "/api/config", { token: s.tokens.approver, body: { LLM_API_KEY: "k" } })).status).toBe(403);
    });
  });

  describe("environment context", () => {
    const context = {
      services: [{ name: "user-service", namespace: "production", dependencies: ["postgres", "redis"] }],
      infrastructure: { cluster: "prod-cluster", nodes: 10, databases: ["postgres", "mysql"] },
      alert_definitions: { critical: "影响用户访问的严重问题", warning: "需要关注但不影响用户" },
    };
    it("starts empty, takes the documented structure, and reads it back", async () => {
      const empty = await call(s.api, "GET", "/api/environment-context", { token: s.tokens.viewer });
      expect(empty.body.data).toMatchObject({ services: [], alert_definitions: {} });
      const put = await call(s.api, "PUT", "/api/environment-context", { token: s.tokens.admin, body: context });
      expect(put.status).toBe(200);
      const r = await call(s.api, "GET", "/api/environment-context", { token: s.tokens.viewer });
      expect(r.body.data).toMatchObject(context);
    });

    it("refuses a service without a name, naming the field", async () => {
      const r = await call(s.api, "PUT", "/api/environment-context", { token: s.tokens.admin, body: { services: [{ namespace: "x" }] } });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].field).toBe("services.0.name");
    });
  });

  describe("approval over REST", () => {
    let incidentId = "";
    it("an alert posted by the alert sender waits for approval (quota 0)", async () => {
      const r = await call(s.api, "POST", "/api/alert", { token: s.tokens.sender, body: { message: `[告警] Scale web\n服务: web\n命名空间: ${s.appNs}`, sender_id: "alert_bot" } });
      incidentId = r.body.data.incident_id as string;
      await eventually("awaiting_approval", async () => ((await s.incidents.get(incidentId.toLowerCase())).status?.phase === "awaiting_approval" ? true : undefined));
    });

    it("the sender may not read incidents; the viewer may not reject; the approver rejects and the operator ends it", async () => {
      expect((await call(s.api, "GET", "/api/incidents", { token: s.tokens.sender })).status).toBe(403);
      expect((await call(s.api, "POST", `/api/incidents/${incidentId}/reject`, { token: s.tokens.viewer, body: { comment: "no" } })).status).toBe(403);
      const r = await call(s.api, "POST", `/api/incidents/${incidentId}/reject`, { token: s.tokens.approver, body: { comment: "not during the sale" } });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ action: "reject", comment: "not during the sale" });
      await eventually("rejected", async () => ((await s.incidents.get(incidentId.toLowerCase())).status?.phase === "rejected" ? true : undefined));
      const late = await call(s.api, "POST", `/api/incidents/${incidentId}/approve`, { token: s.tokens.approver });
      expect(late.status).toBe(409);
    });
  });

  const protectedRoutes: [string, string, unknown?][] = [
    ["GET", "/api/status"],
    ["GET", "/api/statistics"],
    ["GET", "/api/incidents"],
    ["GET", "/api/incidents/INC-20240115-001"],
    ["GET", "/api/incidents/INC-20240115-001/events"],
    ["POST", "/api/incidents/INC-20240115-001/approve", {}],
    ["POST", "/api/incidents/INC-20240115-001/reject", {}],
    ["GET", "/api/config"],
    ["PUT", "/api/config", { LLM_MODEL: "x" }],
    ["GET", "/api/plugins"],
    ["GET", "/api/plugins/list_pods"],
    ["POST", "/api/alert", { message: "[告警] x" }],
    ["GET", "/api/knowledge"],
    ["POST", "/api/knowledge", { title: "t", content: "c" }],
    ["GET", "/api/knowledge/kb-x"],
    ["PUT", "/api/knowledge/kb-x", { title: "t" }],
    ["DELETE", "/api/knowledge/kb-x"],
    ["GET", "/api/environment-context"],
    ["PUT", "/api/environment-context", { services: [] }],
    ["GET", "/api/events"],
  ];

  it.each(protectedRoutes)("%s %s: 401 without a token or with a forged one, 403 for a token without rights", async (method, path, body) => {
    for (const token of [undefined, "forged.token.value"]) {
      const r = await call(s.api, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "未认证" } });
    }
    const r = await call(s.api, method, path, { token: s.tokens.nobody, ...(body !== undefined ? { body } : {}) });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ success: false, error: { code: "FORBIDDEN" } });
  });

  it.each(protectedRoutes.filter(([method, path]) => method !== "GET" && !path.includes("/approve")))(
    "%s %s: a viewer is refused",
    async (method, path, body) => {
      const r = await call(s.api, method, path, { token: s.tokens.viewer, ...(body !== undefined ? { body } : {}) });
      expect(r.status).toBe(403);
    },
  );

  it("GET /healthz, /metrics and /docs stay open; /docs/json is the OpenAPI document of every route", async () => {
    expect((await call(s.api, "GET", "/healthz")).status).toBe(200);
    expect((await call(s.api, "GET", "/metrics")).status).toBe(200);
    const doc = (await call(s.api, "GET", "/docs/json")).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const [method, path] of protectedRoutes) {
      const templated = path.replace("INC-20240115-001", "{id}").replace("kb-x", "{id}").replace("list_pods", "{name}");
      expect(doc.paths[templated]?.[method.toLowerCase()], `${method} ${templated}`).toBeDefined();
    }
    expect(doc.paths["/api/incidents"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["page", "page_size", "status", "severity", "start_date", "end_date", "search"]),
    );
  });

  const TEN_MB = "x".repeat(10 * 1024 * 1024);
  const badInput: [string, string, number, string, { body?: unknown; raw?: string }][] = [
    ["GET", "/api/incidents?page=-1", 400, "page", {}],
    ["GET", "/api/incidents?page=abc", 400, "page", {}],
    ["GET", "/api/incidents?page=1.5", 400, "page", {}],
    ["GET", "/api/incidents?page_size=1000000000", 400, "page_size", {}],
    ["GET", "/api/incidents?page_size=0", 400, "page_size", {}],
    ["GET", "/api/incidents?status=exploded", 400, "status", {}],
    ["GET", "/api/incidents?severity=urgent", 400, "severity", {}],
    ["GET", "/api/incidents?start_date=yesterday", 400, "start_date", {}],
    ["GET", "/api/incidents?end_date=2024-13-45", 400, "end_date", {}],
    ["GET", "/api/incidents?colour=blue", 400, "colour", {}],
    ["GET", `/api/incidents?search=${"q".repeat(300)}`, 400, "search", {}],
    ["GET", "/api/incidents/not-an-id", 400, "id", {}],
    ["GET", "/api/incidents/not-an-id/events", 400, "id", {}],
    ["POST", "/api/incidents/INC-20240115-001/approve", 400, "comment", { body: { comment: 5 } }],
    ["POST", "/api/incidents/INC-20240115-001/reject", 400, "reason", { body: { reason: "x" } }],
    ["POST", "/api/incidents/INC-20240115-001/approve", 400, "body", { raw: "{" }],
    ["GET", "/api/plugins/Not%20A%20Plugin", 400, "name", {}],
    ["POST", "/api/alert", 400, "message", { body: { message: 5 } }],
    ["POST", "/api/alert", 400, "message", { body: { message: "" } }],
    ["POST", "/api/alert", 400, "message", { body: {} }],
    ["POST", "/api/alert", 400, "timestamp", { body: { message: "[告警] x", timestamp: "now" } }],
    ["POST", "/api/alert", 400, "priority", { body: { message: "[告警] x", priority: 1 } }],
    ["POST", "/api/alert", 400, "body", { body: [1, 2] }],
    ["POST", "/api/alert", 400, "body", { raw: "{\"message\": " }],
    ["POST", "/api/alert", 413, "body", { raw: JSON.stringify({ message: TEN_MB }) }],
    ["GET", "/api/knowledge?page=0", 400, "page", {}],
    ["GET", "/api/knowledge?page_size=1000000000", 400, "page_size", {}],
    ["POST", "/api/knowledge", 400, "content", { body: { title: "t" } }],
    ["POST", "/api/knowledge", 400, "title", { body: { title: 1, content: "c" } }],
    ["POST", "/api/knowledge", 400, "category", { body: { title: "t", content: "c", category: "Not Valid!" } }],
    ["POST", "/api/knowledge", 400, "tags", { body: { title: "t", content: "c", tags: "pod" } }],
    ["POST", "/api/knowledge", 400, "votes", { body: { title: "t", content: "c", votes: 3 } }],
    ["POST", "/api/knowledge", 413, "body", { raw: JSON.stringify({ title: "t", content: TEN_MB }) }],
    ["PUT", "/api/knowledge/kb-x", 400, "body", { body: {} }],
    ["PUT", "/api/knowledge/Bad_Id", 400, "id", { body: { title: "t" } }],
    ["DELETE", "/api/knowledge/Bad_Id", 400, "id", {}],
    ["PUT", "/api/config", 400, "LLM_TIMEOUT", { body: { LLM_TIMEOUT: "soon" } }],
    ["PUT", "/api/config", 400, "HOURLY_QUOTA", { body: { HOURLY_QUOTA: -1 } }],
    ["PUT", "/api/config", 400, "body", { body: {} }],
    ["PUT", "/api/config", 400, "body", { raw: "not json" }],
    ["PUT", "/api/environment-context", 400, "services", { body: { services: "many" } }],
    ["PUT", "/api/environment-context", 400, "planets", { body: { services: [], planets: 9 } }],
    ["GET", "/api/events?since=1", 400, "since", {}],
  ];

  it.each(badInput)("%s %s → %i naming %s", async (method, path, status, field, input) => {
    const r = await call(s.api, method, path, { token: s.tokens.admin, ...input });
    expect(r.status).toBe(status);
    expect(r.body.success).toBe(false);
    expect(r.body.error.code).toBe("VALIDATION_ERROR");
    expect(r.body.error.message).toBe("参数验证失败");
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(r.body.error.details.every((d: { message: unknown }) => typeof d.message === "string" && d.message.length > 0)).toBe(true);
  });

  it("the documented message for a bad page is 必须是正整数", async () => {
    const r = await call(s.api, "GET", "/api/incidents?page=-1", { token: s.tokens.admin });
    expect(r.body).toEqual({ success: false, error: { code: "VALIDATION_ERROR", message: "参数验证失败", details: [{ field: "page", message: "必须是正整数" }] } });
  });
});
