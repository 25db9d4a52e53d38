/**
 * Two-character search through the bigram tables must give what `LIKE '%term%'` gave: the
 * expected results come from SQLite's own LIKE over the same rows, on a second connection.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IncidentPhase } from "../../crds/index.js";
import type { Incident, KnowledgeEntry } from "../../lib/resources.js";
import { rowBigrams } from "./bigrams.js";
import { incidentRow } from "./incident-row.js";
import { knowledgeRow } from "./knowledge-row.js";
import * as schema from "./schema.js";
import { SearchIndex, type IncidentQuery } from "./search-index.js";

interface Text {
  title: string;
  description?: string;
  conclusion?: string;
  alert?: string;
  phase?: IncidentPhase;
}

function incident(id: string, created: string, t: Text): Incident {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "Incident",
    metadata: { name: id.toLowerCase(), namespace: "kubefix", creationTimestamp: created as unknown as Date },
    spec: {
      id,
      title: t.title,
      ...(t.description === undefined ? {} : { description: t.description }),
      severity: "high",
      category: "kubernetes",
      fingerprint: "abc123def4567890",
      alert: { message: t.alert ?? "alert", receivedAt: created },
      occurrences: 1,
      firstSeen: created,
      lastSeen: created,
    },
    status: {
      ...(t.phase === undefined ? {} : { phase: t.phase }),
      ...(t.conclusion === undefined
        ? {}
        : { diagnosis: { engine: "rules" as const, conclusion: t.conclusion, confidence: 0.9, keyFindings: [], suggestedActions: [], diagnosedAt: created } }),
    },
  };
}

function knowledge(name: string, title: string, content: string, category = "kubernetes"): KnowledgeEntry {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "KnowledgeEntry",
    metadata: { name, namespace: "kubefix", creationTimestamp: "2024-01-01T00:00:00Z" as unknown as Date },
    spec: { title, content, category, tags: ["ops"], state: "published" },
  };
}

// Oldest first; the text mixes scripts, cases, white space, a NUL and a lone surrogate on purpose.
const INCIDENTS = [
  incident("INC-20240101-001", "2024-01-01T00:00:00Z", { title: "Pod OOMKilled", conclusion: "容器内存不足被 OOMKilled", alert: "[告警] Pod 重启", phase: "resolved" }),
  incident("INC-20240102-001", "2024-01-02T00:00:00Z", { title: "Disk pressure", description: "磁盘使用率 100%", alert: "io wait high on worker-3", phase: "escalated" }),
  incident("INC-20240103-001", "2024-01-03T00:00:00Z", { title: "网络超时", conclusion: "服务间调用超时，需重启 sidecar", alert: "timeout talking to redis", phase: "resolved" }),
  incident("INC-20240104-001", "2024-01-04T00:00:00Z", { title: "Memory leak", conclusion: "内存持续增长 BOOM", alert: "mem high" }),
  incident("INC-20240105-001", "2024-01-05T00:00:00Z", { title: "Redis IO errors", description: "maxmemory reached", alert: "Redis", phase: "diagnosing" }),
  incident("INC-20240106-001", "2024-01-06T00:00:00Z", { title: "内 存 apart", conclusion: "重启前\u0000内存 after a NUL", alert: "OoM", phase: "resolved" }),
  incident("INC-20240107-001", "2024-01-07T00:00:00Z", { title: "broken a\ud800b", alert: "¿Ünïcode? ÄB 50%_off", phase: "resolved" }),
  incident("INC-20240108-001", "2024-01-08T00:00:00Z", { title: "OOMKilled again", conclusion: "内存 leak in sidecar, OOMKilled", alert: "x", phase: "resolved" }),
];

const KNOWLEDGE = [
  knowledge("pod-oom", "Pod OOMKilled 处理方案", "当 Pod 因 OOMKilled 重启时,先检查内存限制"),
  knowledge("disk-full", "磁盘满", "清理镜像 and IO", "infrastructure"),
  knowledge("net-timeout", "网络超时", "检查 DNS 与连接池"),
];

const ids = (page: { items: Incident[] }): string[] => page.items.map((i) => i.spec.id);
const names = (page: { items: KnowledgeEntry[] }): string[] => page.items.map((e) => e.metadata.name ?? "");
const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const termsOf = (search: string): string[] => [...new Set(search.split(/[\s\p{Cc}]+/u).filter((t) => t.length > 0))];

/** The ids LIKE gives for every term of `search` (each in any text column), newest first, as the old query did. */
function likeIds(raw: Database.Database, search: string, where = "1"): string[] {
  const terms = termsOf(search);
  const anyColumn = "(title LIKE ? ESCAPE '\\' OR diagnosis_text LIKE ? ESCAPE '\\' OR details_text LIKE ? ESCAPE '\\')";
  const sql = `SELECT id FROM incidents WHERE ${[where, ...terms.map(() => anyColumn)].join(" AND ")} ORDER BY created_at DESC, id DESC`;
  const params = terms.flatMap((t) => [likePattern(t), likePattern(t), likePattern(t)]);
  return (raw.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id);
}

/** term -> number of rows, from the bigram table, and as rowBigrams computes it from the rows. */
function vocabularies(raw: Database.Database, table: string, columns: string): { stored: Map<string, number>; expected: Map<string, number> } {
  raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${table}_vocab USING fts5vocab(main, ${table}, row)`);
  const stored = new Map((raw.prepare(`SELECT term, doc FROM temp.${table}_vocab`).all() as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
  const expected = new Map<string, number>();
  const source = table.replace(/_bigrams$/, "");
  for (const row of raw.prepare(`SELECT ${columns} FROM ${source}`).raw().all() as unknown[][]) {
    for (const t of rowBigrams(row).split(" ").filter((x) => x.length > 0)) expected.set(t, (expected.get(t) ?? 0) + 1);
  }
  return { stored, expected };
}

function expectBigramTablesMatchRows(raw: Database.Database): void {
  for (const [table, columns] of [
    ["incidents_bigrams", "title, diagnosis_text, details_text"],
    ["knowledge_entries_bigrams", "title, content, tags"],
  ] as const) {
    const { stored, expected } = vocabularies(raw, table, columns);
    expect(stored).toEqual(expected);
    const rowids = (raw.prepare(`SELECT rowid AS n FROM ${table} ORDER BY rowid`).all() as { n: number }[]).map((r) => r.n);
    const seqs = (raw.prepare(`SELECT seq AS n FROM ${table.replace(/_bigrams$/, "")} ORDER BY seq`).all() as { n: number }[]).map((r) => r.n);
    expect(rowids).toEqual(seqs);
    expect(() => raw.prepare(`INSERT INTO ${table}(${table}) VALUES ('integrity-check')`).run()).not.toThrow();
  }
}

let dir: string;
let path: string;
let index: SearchIndex;
let raw: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubefix-bigrams-"));
  path = join(dir, "index.db");
  index = SearchIndex.open(path);
  index.syncIncidents(INCIDENTS, new Date("2024-02-01T00:00:00Z"));
  index.syncKnowledge(KNOWLEDGE);
  raw = new Database(path);
});
afterEach(() => {
  raw.close();
  index.close();
  rmSync(dir, { recursive: true, force: true });
});

const list = (q: Partial<IncidentQuery>) => index.listIncidents({ page: 1, pageSize: 100, ...q });

describe("two-character incident search equals LIKE", () => {
  it.each([
    { search: "内存", expectedTotal: 3 },
    { search: "重启", expectedTotal: 3 },
    { search: "io", expectedTotal: 2 },
    { search: "IO", expectedTotal: 2 },
    { search: "OO", expectedTotal: 4 },
    { search: "oO", expectedTotal: 4 },
    { search: "内存 重启", expectedTotal: 1 },
    { search: "内存 a", expectedTotal: 2 },
    { search: "ÄB", expectedTotal: 1 },
    { search: "äb", expectedTotal: 0 },
    { search: "%_", expectedTotal: 1 },
    { search: "0%", expectedTotal: 2 },
    { search: "\ud800b", expectedTotal: 1 },
    { search: "\ufffdb", expectedTotal: 1 },
    { search: "\ufffd\ufffd", expectedTotal: 0 },
    { search: "zq", expectedTotal: 0 },
  ])("$search", ({ search, expectedTotal }) => {
    const expected = likeIds(raw, search);
    expect(expected).toHaveLength(expectedTotal);
    const page = list({ search });
    expect(ids(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("for every two-character window of the text, and each ASCII case of it", () => {
    const windows = new Set<string>();
    const texts = INCIDENTS.map(incidentRow).flatMap((row) => [row.title, row.diagnosisText, row.detailsText]);
    for (const chars of texts.map((text) => Array.from(text))) {
      const pairs = chars.slice(1).map((c, i) => chars[i]! + c);
      const variants = pairs.flatMap((p) => [p, p.toUpperCase(), p.toLowerCase()]).filter((w) => Array.from(w).length === 2);
      for (const w of variants) windows.add(w);
    }
    expect(windows.size).toBeGreaterThan(200);
    for (const search of windows) {
      const page = list({ search });
      expect({ search, ids: ids(page), total: page.total }).toEqual({ search, ids: likeIds(raw, search), total: likeIds(raw, search).length });
    }
  });

  it.each([
    { q: { search: "内存", status: "resolved" }, where: "status = 'resolved'" },
    { q: { search: "重启", status: "resolved" }, where: "status = 'resolved'" },
    { q: { search: "io", status: "new" }, where: "status = 'new'" },
    { q: { search: "OO", includeDeleted: false }, where: "deleted_at IS NULL" },
  ])("with the filter $where: $q.search", ({ q, where }) => {
    const expected = likeIds(raw, q.search, where);
    const page = list(q);
    expect(ids(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it.each([
    { page: 1, pageSize: 2 },
    { page: 2, pageSize: 2 },
    { page: 2, pageSize: 3 },
    { page: 9, pageSize: 2 },
  ])("pages: $page of $pageSize", ({ page, pageSize }) => {
    const all = likeIds(raw, "OO");
    const result = index.listIncidents({ page, pageSize, search: "OO" });
    expect(ids(result)).toEqual(all.slice((page - 1) * pageSize, page * pageSize));
    expect(result.total).toBe(all.length);
  });

  it.each([
    { search: "OOMKilled 内存", filter: {} },
    { search: "OOMKilled 内存", filter: { status: "resolved" } },
    { search: "redis io", filter: {} },
    { search: "sidecar 重启", filter: {} },
    { search: "OOMKilled 内存 a", filter: {} },
  ])("beside a trigram term, it filters the ranked order: $search $filter", ({ search, filter }) => {
    const long = termsOf(search).filter((t) => Array.from(t).length >= 3).join(" ");
    const short = termsOf(search).filter((t) => Array.from(t).length < 3).join(" ");
    const likeSet = new Set(likeIds(raw, short));
    const expected = ids(list({ search: long, ...filter })).filter((id) => likeSet.has(id));
    expect(expected.length).toBeGreaterThan(0);
    const page = list({ search, ...filter });
    expect(ids(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
    const second = index.listIncidents({ page: 2, pageSize: 1, search, ...filter });
    expect(ids(second)).toEqual(expected.slice(1, 2));
  });

  it.each(['""', '"*', "**", ")(", "OR", "^a", "\\\\", "%%", "__", "'-", "\ud800\ud800", "\udc00a", "\u0000\u0000", "NEAR/ 内存", '"内 存"'])(
    "a hostile search %j never throws and equals LIKE",
    (search) => {
      expect(() => list({ search })).not.toThrow();
      expect(ids(list({ search }))).toEqual(likeIds(raw, search));
    },
  );
});

describe("the bigram tables follow the rows", () => {
  it("after the sync", () => {
    expectBigramTablesMatchRows(raw);
  });

  it("an incident marked deleted is still found: history", () => {
    const [first] = INCIDENTS;
    index.markIncidentDeleted(first!.spec.id, new Date("2024-03-01T00:00:00Z"));
    index.syncIncidents(INCIDENTS.slice(2), new Date("2024-03-02T00:00:00Z"));
    expect(ids(list({ search: "内存" }))).toContain(first!.spec.id);
    expect(ids(list({ search: "内存" }))).toEqual(likeIds(raw, "内存"));
    expect(ids(list({ search: "内存", includeDeleted: false }))).toEqual(likeIds(raw, "内存", "deleted_at IS NULL"));
    expect(ids(list({ search: "内存", includeDeleted: false }))).not.toContain(first!.spec.id);
    expectBigramTablesMatchRows(raw);
  });

  it("an upsert of changed text replaces the old bigrams", () => {
    const [first] = INCIDENTS;
    index.upsertIncident({ ...first!, spec: { ...first!.spec, alert: { ...first!.spec.alert, message: "磁盘告警" } }, status: {} });
    expect(ids(list({ search: "内存" }))).not.toContain(first!.spec.id);
    expect(ids(list({ search: "重启" }))).not.toContain(first!.spec.id);
    expect(ids(list({ search: "磁盘" }))).toContain(first!.spec.id);
    for (const search of ["内存", "重启", "磁盘", "oo"]) expect(ids(list({ search }))).toEqual(likeIds(raw, search));
    expectBigramTablesMatchRows(raw);
  });

  it("a sync with changed and new incidents (bulk mode) gives each its own bigrams", () => {
    const [first, second] = INCIDENTS;
    const changed = { ...first!, status: { phase: "resolved" as const } };
    const fresh = incident("INC-20240109-001", "2024-01-09T00:00:00Z", { title: "磁盘 IO 慢", alert: "内存" });
    index.syncIncidents([changed, second!, fresh], new Date("2024-03-01T00:00:00Z"));
    expect(ids(list({ search: "内存" }))).not.toContain(first!.spec.id);
    expect(ids(list({ search: "内存" }))).toContain(fresh.spec.id);
    for (const search of ["内存", "重启", "磁盘", "io", "oo"]) expect(ids(list({ search }))).toEqual(likeIds(raw, search));
    expectBigramTablesMatchRows(raw);
  });

  it("an upsert of unchanged text keeps them", () => {
    index.syncIncidents(INCIDENTS, new Date("2024-03-01T00:00:00Z"));
    expect(ids(list({ search: "内存" }))).toEqual(likeIds(raw, "内存"));
    expectBigramTablesMatchRows(raw);
  });

  it("a deleted knowledge entry is not found by its two-character word", () => {
    expect(names(index.listKnowledge({ page: 1, pageSize: 20, search: "内存" }))).toEqual(["pod-oom"]);
    index.deleteKnowledge("pod-oom");
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "内存" }).total).toBe(0);
    expectBigramTablesMatchRows(raw);
  });

  it("sync removes the bigrams of entries that are gone", () => {
    index.syncKnowledge(KNOWLEDGE.slice(1));
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "内存" }).total).toBe(0);
    expect(names(index.listKnowledge({ page: 1, pageSize: 20, search: "网络" }))).toEqual(["net-timeout"]);
    expectBigramTablesMatchRows(raw);
  });

  it("a knowledge update replaces the old bigrams", () => {
    const [oom] = KNOWLEDGE;
    index.upsertKnowledge({ ...oom!, spec: { ...oom!.spec, title: "Pod 驱逐", content: "节点压力" } });
    expect(index.listKnowledge({ page: 1, pageSize: 20, search: "内存" }).total).toBe(0);
    expect(names(index.listKnowledge({ page: 1, pageSize: 20, search: "驱逐" }))).toEqual(["pod-oom"]);
    expectBigramTablesMatchRows(raw);
  });

  it.each([
    { q: { search: "io" }, expected: ["disk-full"] },
    { q: { search: "IO", category: "infrastructure" }, expected: ["disk-full"] },
    { q: { search: "io", category: "kubernetes" }, expected: [] },
    { q: { search: "检查" }, expected: ["pod-oom", "net-timeout"] },
    { q: { search: "检查", page: 2, pageSize: 1 }, expected: ["net-timeout"] },
    { q: { search: "OOMKilled 内存" }, expected: ["pod-oom"] },
  ])("knowledge: $q", ({ q, expected }) => {
    const page = index.listKnowledge({ page: 1, pageSize: 20, ...q });
    expect(names(page)).toEqual(expected);
  });
});

describe("an index file from before the bigram tables", () => {
  const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

  /** A file migrated to 0002 only, with rows (one of them history) written as that version wrote them. */
  function createOldIndex(file: string): void {
    const old = join(dir, "migrations-0002");
    mkdirSync(join(old, "meta"), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 2);
    for (const e of journal.entries) copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(old, `${e.tag}.sql`));
    writeFileSync(join(old, "meta", "_journal.json"), JSON.stringify(journal));
    const sqlite = new Database(file);
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: old });
    for (const inc of INCIDENTS) db.insert(schema.incidents).values(incidentRow(inc)).run();
    db.update(schema.incidents).set({ deletedAt: new Date("2024-02-01T00:00:00Z") }).where(eq(schema.incidents.id, INCIDENTS[0]!.spec.id)).run();
    for (const e of KNOWLEDGE) db.insert(schema.knowledgeEntries).values(knowledgeRow(e)).run();
    sqlite.close();
  }

  it("gets bigrams for every row, history included, when it is opened", () => {
    const file = join(dir, "old.db");
    createOldIndex(file);
    const before = new Database(file);
    expect(before.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'incidents_bigrams'").get()).toEqual({ n: 0 });
    before.close();

    const migrated = SearchIndex.open(file);
    const check = new Database(file);
    try {
      expectBigramTablesMatchRows(check);
      for (const search of ["内存", "重启", "io", "OO"]) {
        expect(ids(migrated.listIncidents({ page: 1, pageSize: 100, search }))).toEqual(likeIds(check, search));
      }
      expect(ids(migrated.listIncidents({ page: 1, pageSize: 100, search: "内存" }))).toContain(INCIDENTS[0]!.spec.id);
      expect(names(migrated.listKnowledge({ page: 1, pageSize: 20, search: "内存" }))).toEqual(["pod-oom"]);
    } finally {
      check.close();
      migrated.close();
    }
  });
});
