import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IncidentPhase, Severity } from "../../crds/index.js";
import type { Incident, KnowledgeEntry } from "../../lib/resources.js";
import { SearchIndex } from "./search-index.js";

interface IncidentOptions {
  id: string;
  created: string;
  title?: string;
  phase?: IncidentPhase;
  severity?: Severity;
  description?: string;
  conclusion?: string;
  findings?: string[];
  actions?: string[];
  proposal?: string;
  alert?: string;
  target?: string;
  resolvedAt?: string;
}

/** A valid Incident as the apiserver returns it (timestamps as JSON strings). */
function incident(o: IncidentOptions): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name: o.id.toLowerCase(), namespace: "kubefix", creationTimestamp: o.created as unknown as Date },
    spec: {
      id: o.id,
      title: o.title ?? "Pod CrashLoopBackOff",
      ...(o.description === undefined ? {} : { description: o.description }),
      severity: o.severity ?? "high",
      category: "kubernetes",
      fingerprint: "abc123def4567890",
      alert: { message: o.alert ?? "[告警] Pod 重启", receivedAt: o.created },
      ...(o.target === undefined ? {} : { target: { kind: "Deployment" as const, name: o.target, namespace: "prod" } }),
      occurrences: 1,
      firstSeen: o.created,
      lastSeen: o.created,
    },
    status: {
      ...(o.phase === undefined ? {} : { phase: o.phase }),
      ...(o.resolvedAt === undefined ? {} : { resolvedAt: o.resolvedAt }),
      ...(o.conclusion === undefined
        ? {}
        : {
            diagnosis: {
              engine: "rules" as const,
              conclusion: o.conclusion,
              confidence: 0.9,
              keyFindings: (o.findings ?? []).map((finding) => ({ finding })),
              suggestedActions: o.actions ?? [],
              diagnosedAt: o.created,
            },
          }),
      ...(o.proposal === undefined
        ? {}
        : {
            proposal: {
              revision: 1,
              description: o.proposal,
              steps: [{ plugin: "restart", description: "restart" }],
              riskLevel: "low" as const,
              estimatedDuration: "1m",
              rollbackPlan: "none",
              proposedAt: o.created,
            },
          }),
    },
  };
}

function knowledge(name: string, o: { title: string; content: string; category?: string; tags?: string[]; created?: string }): KnowledgeEntry {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "KnowledgeEntry",
    metadata: { name, namespace: "kubefix", creationTimestamp: (o.created ?? "2024-01-01T00:00:00Z") as unknown as Date },
    spec: { title: o.title, content: o.content, category: o.category ?? "kubernetes", tags: o.tags ?? [], state: "published" },
  };
}

const ids = (page: { items: Incident[] }): string[] => page.items.map((i) => i.spec.id);
const names = (page: { items: KnowledgeEntry[] }): (string | undefined)[] => page.items.map((e) => e.metadata.name);

// Created one after the other; D is the newest.
const A = incident({ id: "INC-20240115-001", created: "2024-01-15T10:00:00Z", phase: "resolved", resolvedAt: "2024-01-15T10:05:00Z" });
const B = incident({ id: "INC-20240116-001", created: "2024-01-16T00:00:00Z", severity: "critical" });
const C = incident({ id: "INC-20240117-001", created: "2024-01-17T23:59:59Z", phase: "diagnosing" });
const D = incident({ id: "INC-20240118-001", created: "2024-01-18T12:00:00Z", phase: "resolved", severity: "low", resolvedAt: "2024-01-18T12:10:00Z" });

let index: SearchIndex;
beforeEach(() => {
  index = SearchIndex.open(":memory:");
});
afterEach(() => {
  index.close();
});

describe("listIncidents filters and paging", () => {
  beforeEach(() => {
    for (const inc of [A, B, C, D]) index.upsertIncident(inc);
  });

  it.each([
    { name: "no filter: newest first", q: {}, expected: [D, C, B, A] },
    { name: "status", q: { status: "resolved" }, expected: [D, A] },
    { name: "status new when the resource has no phase", q: { status: "new" }, expected: [B] },
    { name: "severity", q: { severity: "high" }, expected: [C, A] },
    { name: "status and severity", q: { status: "resolved", severity: "low" }, expected: [D] },
    { name: "start date is inclusive", q: { startDate: new Date("2024-01-16T00:00:00Z") }, expected: [D, C, B] },
    { name: "start date one ms later", q: { startDate: new Date("2024-01-16T00:00:00.001Z") }, expected: [D, C] },
    { name: "end date is inclusive", q: { endDate: new Date("2024-01-16T00:00:00Z") }, expected: [B, A] },
    { name: "end date one ms earlier", q: { endDate: new Date("2024-01-15T23:59:59.999Z") }, expected: [A] },
    {
      name: "one day, both edges",
      q: { startDate: new Date("2024-01-17T00:00:00Z"), endDate: new Date("2024-01-17T23:59:59Z") },
      expected: [C],
    },
    { name: "no match", q: { status: "escalated" }, expected: [] },
  ])("$name", ({ q, expected }) => {
    const page = index.listIncidents({ page: 1, pageSize: 20, ...q });
    expect(ids(page)).toEqual(expected.map((i) => i.spec.id));
    expect(page.total).toBe(expected.length);
  });

  it.each([
    { page: 1, pageSize: 3, expected: [D, C, B] },
    { page: 2, pageSize: 3, expected: [A] },
    { page: 2, pageSize: 2, expected: [B, A] },
    { page: 3, pageSize: 3, expected: [] },
    { page: 99, pageSize: 20, expected: [] },
  ])("page $page of $pageSize: total stays 4", ({ page, pageSize, expected }) => {
    const result = index.listIncidents({ page, pageSize });
    expect(ids(result)).toEqual(expected.map((i) => i.spec.id));
    expect(result.total).toBe(4);
  });

  it("breaks ties on created_at by id, descending", () => {
    const twin = incident({ id: "INC-20240118-002", created: "2024-01-18T12:00:00Z" });
    index.upsertIncident(twin);
    expect(ids(index.listIncidents({ page: 1, pageSize: 2 }))).toEqual(["INC-20240118-002", D.spec.id]);
  });

  it("returns the stored resource, whole", () => {
    expect(index.listIncidents({ page: 1, pageSize: 1 }).items[0]).toEqual(D);
  });
});

describe("incident search", () => {
  const oom = incident({
    id: "INC-20240115-001",
    created: "2024-01-15T10:00:00Z",
    title: "Pod CrashLoopBackOff",
    conclusion: "容器内存不足被 OOMKilled",
    findings: ["exit code 137 observed"],
    actions: ["调大 memory limit"],
    proposal: "Rolling restart with a bigger limit",
    target: "user-service",
  });
  const disk = incident({
    id: "INC-20240116-001",
    created: "2024-01-16T10:00:00Z",
    title: "Node disk pressure",
    description: "磁盘使用率 100%",
    alert: "DiskPressure on worker-3",
    phase: "escalated",
  });

  beforeEach(() => {
    index.upsertIncident(oom);
    index.upsertIncident(disk);
  });

  it.each([
    { name: "an English word of the diagnosis", search: "OOMKilled", expected: [oom] },
    { name: "case-insensitively", search: "oomkilled", expected: [oom] },
    { name: "a Chinese word of the diagnosis", search: "内存不足", expected: [oom] },
    { name: "a two-character Chinese word (bigram index)", search: "内存", expected: [oom] },
    { name: "a key finding", search: "137", expected: [oom] },
    { name: "a suggested action", search: "调大", expected: [oom] },
    { name: "the proposal", search: "rolling", expected: [oom] },
    { name: "the target name", search: "user-service", expected: [oom] },
    { name: "the description", search: "磁盘使用率", expected: [disk] },
    { name: "the alert message", search: "worker-3", expected: [disk] },
    { name: "the title", search: "pressure", expected: [disk] },
    { name: "every term must match", search: "pod OOMKilled", expected: [oom] },
    { name: "terms across fields", search: "disk 100%", expected: [disk] },
    { name: "a word in neither", search: "postgres", expected: [] },
    { name: "% is literal, not a wildcard", search: "%", expected: [disk] },
    { name: "_ is literal, not a wildcard", search: "_", expected: [] },
  ])("finds by $name", ({ search, expected }) => {
    const page = index.listIncidents({ page: 1, pageSize: 20, search });
    expect(ids(page)).toEqual(expected.map((i) => i.spec.id));
    expect(page.total).toBe(expected.length);
  });

  it.each([
    { status: "escalated", expected: [disk] },
    { status: "new", expected: [] },
  ])("combines search with the status filter $status", ({ status, expected }) => {
    const page = index.listIncidents({ page: 1, pageSize: 20, search: "pressure", status });
    expect(ids(page)).toEqual(expected.map((i) => i.spec.id));
    expect(page.total).toBe(expected.length);
  });

  it("ranks a title and diagnosis match above a description-only match, though that one is newer", () => {
    const strong = incident({
      id: "INC-20240110-001",
      created: "2024-01-10T00:00:00Z",
      title: "Redis latency spike",
      conclusion: "redis evictions under memory pressure",
    });
    const weak = incident({
      id: "INC-20240120-001",
      created: "2024-01-20T00:00:00Z",
      title: "Checkout errors",
      description: "the checkout service calls redis among many other dependencies",
    });
    index.upsertIncident(weak);
    index.upsertIncident(strong);
    expect(ids(index.listIncidents({ page: 1, pageSize: 20, search: "redis" }))).toEqual([strong.spec.id, weak.spec.id]);
    expect(ids(index.listIncidents({ page: 2, pageSize: 1, search: "redis" }))).toEqual([weak.spec.id]);
  });

  it.each(['"', "*", "AND OR NOT", ")(", "NEAR/", "NEAR(a b)", "title:pod", "^pod", "'; drop table incidents; --", "a\u0000b", "\\", '"unterminated', "-pod", "+"])(
    "a hostile search %j never throws",
    (search) => {
      expect(() => index.listIncidents({ page: 1, pageSize: 20, search })).not.toThrow();
      expect(index.listIncidents({ page: 1, pageSize: 20 }).total).toBe(2);
    },
  );

  it.each(["", "   ", "\t\n"])("an empty search %j lists everything", (search) => {
    expect(index.listIncidents({ page: 1, pageSize: 20, search }).total).toBe(2);
  });

  it("follows an update: the old text is gone from the full-text index, the new one is there", () => {
    index.upsertIncident({ ...oom, status: { ...oom.status, diagnosis: { ...oom.status!.diagnosis!, conclusion: "liveness probe failing" } } });
    expect(index.listIncidents({ page: 1, pageSize: 20, search: "OOMKilled" }).total).toBe(0);
    expect(ids(index.listIncidents({ page: 1, pageSize: 20, search: "liveness" }))).toEqual([oom.spec.id]);
  });
});

describe("history", () => {
  beforeEach(() => {
    for (const inc of [A, B, C]) index.upsertIncident(inc);
  });

  it("keeps a deleted incident, with when it went away", () => {
    index.markIncidentDeleted(B.spec.id, new Date("2024-02-01T00:00:00Z"));
    expect(index.getIncident(B.spec.id)).toEqual({ incident: B, deletedAt: "2024-02-01T00:00:00.000Z" });
    expect(index.getIncident(A.spec.id)).toEqual({ incident: A });
    expect(index.listIncidents({ page: 1, pageSize: 20 }).total).toBe(3);
    expect(ids(index.listIncidents({ page: 1, pageSize: 20, includeDeleted: false }))).toEqual([C.spec.id, A.spec.id]);
  });

  it("keeps the first deletion time when told twice", () => {
    index.markIncidentDeleted(B.spec.id, new Date("2024-02-01T00:00:00Z"));
    index.markIncidentDeleted(B.spec.id, new Date("2024-03-01T00:00:00Z"));
    expect(index.getIncident(B.spec.id)?.deletedAt).toBe("2024-02-01T00:00:00.000Z");
  });

  it("clears the deletion mark when the incident is upserted again", () => {
    index.markIncidentDeleted(B.spec.id, new Date("2024-02-01T00:00:00Z"));
    index.upsertIncident(B);
    expect(index.getIncident(B.spec.id)).toEqual({ incident: B });
  });

  it("sync marks missing incidents deleted, upserts live ones, and leaves older marks alone", () => {
    index.markIncidentDeleted(A.spec.id, new Date("2024-02-01T00:00:00Z"));
    const changedC = { ...C, spec: { ...C.spec, title: "Changed title" } };
    index.syncIncidents([changedC, D], new Date("2024-03-01T00:00:00Z"));
    expect(index.getIncident(A.spec.id)?.deletedAt).toBe("2024-02-01T00:00:00.000Z");
    expect(index.getIncident(B.spec.id)?.deletedAt).toBe("2024-03-01T00:00:00.000Z");
    expect(index.getIncident(C.spec.id)).toEqual({ incident: changedC });
    expect(index.getIncident(D.spec.id)).toEqual({ incident: D });
    expect(index.listIncidents({ page: 1, pageSize: 20, includeDeleted: false }).total).toBe(2);
  });

  it("is unknown for an id never seen", () => {
    expect(index.getIncident("INC-19990101-001")).toBeUndefined();
  });

  it("syncs five thousand incidents", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      incident({ id: `INC-20240201-${String(i).padStart(4, "0")}`, created: "2024-02-01T00:00:00Z", conclusion: `case ${i}` }),
    );
    index.syncIncidents(many, new Date("2024-03-01T00:00:00Z"));
    index.syncIncidents(many.slice(0, 2500), new Date("2024-03-02T00:00:00Z"));
    expect(index.listIncidents({ page: 1, pageSize: 1 }).total).toBe(5003);
    expect(index.listIncidents({ page: 1, pageSize: 1, includeDeleted: false }).total).toBe(2500);
    expect(ids(index.listIncidents({ page: 1, pageSize: 5, search: "case 4999" }))).toEqual(["INC-20240201-4999"]);
  });
});

describe("incidentStats", () => {
  it("is zero for an empty index", () => {
    expect(index.incidentStats()).toEqual({ total: 0, active: 0, byStatus: {}, bySeverity: {}, meanTimeToResolveSeconds: null });
  });

  it("counts history, and only live non-terminal incidents as active", () => {
    const E = incident({ id: "INC-20240119-001", created: "2024-01-19T00:00:00Z", phase: "executing" });
    for (const inc of [A, B, C, D, E]) index.upsertIncident(inc);
    index.markIncidentDeleted(E.spec.id, new Date("2024-02-01T00:00:00Z"));
    expect(index.incidentStats()).toEqual({
      total: 5,
      active: 2, // B (new) and C (diagnosing); E is gone, A and D are resolved
      byStatus: { resolved: 2, new: 1, diagnosing: 1, executing: 1 },
      bySeverity: { high: 3, critical: 1, low: 1 },
      meanTimeToResolveSeconds: (300 + 600) / 2,
    });
  });
});

describe("knowledge", () => {
  const oom = knowledge("pod-oom", {
    title: "Pod OOMKilled 处理方案",
    content: "当 Pod 因 OOMKilled 重启时,先检查内存限制",
    tags: ["pod", "oom", "memory"],
    created: "2024-01-01T00:00:00Z",
  });
  const redis = knowledge("redis-evictions", {
    title: "Redis evictions",
    content: "maxmemory reached; raise it or shorten TTLs",
    category: "cache",
    tags: ["redis"],
    created: "2024-01-02T00:00:00Z",
  });
  const probe = knowledge("liveness", {
    title: "Liveness probe failures",
    content: "A failing probe restarts the container",
    tags: ["probe"],
    created: "2024-01-03T00:00:00Z",
  });

  beforeEach(() => {
    for (const e of [oom, redis, probe]) index.upsertKnowledge(e);
  });

  it.each([
    { name: "everything, newest first", q: {}, expected: [probe, redis, oom], total: 3 },
    { name: "a category", q: { category: "cache" }, expected: [redis], total: 1 },
    { name: "an unknown category", q: { category: "network" }, expected: [], total: 0 },
    { name: "a word of the title", q: { search: "evictions" }, expected: [redis], total: 1 },
    { name: "a Chinese word of the title", q: { search: "处理方案" }, expected: [oom], total: 1 },
    { name: "a Chinese word of the content", q: { search: "检查内存" }, expected: [oom], total: 1 },
    { name: "a short Chinese word", q: { search: "内存" }, expected: [oom], total: 1 },
    { name: "a tag", q: { search: "probe" }, expected: [probe], total: 1 },
    { name: "a tag hit above a content hit", q: { search: "memory" }, expected: [oom, redis], total: 2 },
    { name: "search within its category", q: { search: "restart", category: "kubernetes" }, expected: [probe], total: 1 },
    { name: "search within another category", q: { search: "restart", category: "cache" }, expected: [], total: 0 },
    { name: "page 2", q: { page: 2, pageSize: 2 }, expected: [oom], total: 3 },
    { name: "page beyond the end", q: { page: 5, pageSize: 2 }, expected: [], total: 3 },
  ])("lists $name", ({ q, expected, total }) => {
    const page = index.listKnowledge({ page: 1, pageSize: 20, ...q });
    expect(names(page)).toEqual(expected.map((e) => e.metadata.name));
    expect(page.total).toBe(total);
  });

  it("updates in place and forgets the old text", () => {
    index.upsertKnowledge({ ...redis, spec: { ...redis.spec, title: "Redis memory", content: "new body" } });
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "evictions" }).total).toBe(0);
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "new body" }).items[0]?.spec.title).toBe("Redis memory");
    expect(index.listKnowledge({ page: 1, pageSize: 20 }).total).toBe(3);
  });

  it("deletes for real", () => {
    index.deleteKnowledge("redis-evictions");
    expect(names(index.listKnowledge({ page: 1, pageSize: 20 }))).toEqual(["liveness", "pod-oom"]);
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "evictions" }).total).toBe(0);
  });

  it("sync mirrors the live list exactly", () => {
    const fresh = knowledge("disk-full", { title: "Disk full", content: "clean up images" });
    index.syncKnowledge([probe, fresh]);
    expect(names(index.listKnowledge({ page: 1, pageSize: 20 })).sort()).toEqual(["disk-full", "liveness"]);
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "OOMKilled" }).total).toBe(0);
  });

  it.each(['"', "*", "AND OR NOT", ")(", "NEAR/"])("a hostile search %j never throws", (search) => {
    expect(() => index.listKnowledge({ page: 1, pageSize: 20, search })).not.toThrow();
  });
});

describe("the index file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kubefix-index-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const migrationsApplied = (path: string): number => {
    const raw = new Database(path, { readonly: true });
    try {
      return (raw.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
    } finally {
      raw.close();
    }
  };

  it("creates its directory, survives a reopen, and migrates only once", () => {
    const path = join(dir, "nested", "deeper", "index.db");
    const first = SearchIndex.open(path);
    first.upsertIncident(A);
    first.upsertKnowledge(knowledge("pod-oom", { title: "OOM", content: "memory" }));
    first.close();
    const applied = migrationsApplied(path);
    expect(applied).toBeGreaterThan(0);

    const second = SearchIndex.open(path);
    expect(second.getIncident(A.spec.id)).toEqual({ incident: A });
    expect(second.listKnowledge({ page: 1, pageSize: 20, search: "memory" }).total).toBe(1);
    second.close();
    expect(migrationsApplied(path)).toBe(applied);
  });

  it("uses WAL", () => {
    const path = join(dir, "index.db");
    SearchIndex.open(path).close();
    const raw = new Database(path);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("keeps the full-text indexes consistent with their rows", () => {
    const path = join(dir, "index.db");
    const idx = SearchIndex.open(path);
    idx.syncIncidents([A, B, C], new Date("2024-02-01T00:00:00Z"));
    idx.upsertIncident({ ...B, spec: { ...B.spec, title: "Renamed" } });
    idx.markIncidentDeleted(C.spec.id, new Date("2024-02-02T00:00:00Z"));
    idx.upsertKnowledge(knowledge("a", { title: "first", content: "one" }));
    idx.upsertKnowledge(knowledge("a", { title: "second", content: "two" }));
    idx.upsertKnowledge(knowledge("b", { title: "third", content: "three" }));
    idx.deleteKnowledge("b");
    idx.close();
    const raw = new Database(path);
    // With rank 1, integrity-check also compares an external-content index with its table.
    for (const fts of ["incidents_fts", "knowledge_entries_fts"]) {
      expect(() => raw.prepare(`insert into ${fts}(${fts}, rank) values ('integrity-check', 1)`).run()).not.toThrow();
    }
    raw.close();
  });

  it("starts empty from a fresh file after the old one is deleted", () => {
    const path = join(dir, "index.db");
    const old = SearchIndex.open(path);
    old.upsertIncident(A);
    old.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    expect(existsSync(path)).toBe(false);
    const fresh = SearchIndex.open(path);
    expect(fresh.listIncidents({ page: 1, pageSize: 20 })).toEqual({ items: [], total: 0 });
    expect(fresh.incidentStats().total).toBe(0);
    fresh.close();
  });
});

describe("ping", () => {
  it("answers while open and is false, not a throw, once closed", () => {
    const idx = SearchIndex.open(":memory:");
    expect(idx.ping()).toBe(true);
    idx.close();
    expect(idx.ping()).toBe(false);
  });
});
