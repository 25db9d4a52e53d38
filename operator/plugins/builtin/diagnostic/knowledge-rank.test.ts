import { describe, expect, it } from "vitest";
import type { KnowledgeEntry } from "../../../../lib/resources.js";
import { excerptOf, EXCERPT_LENGTH, queryTerms, rankKnowledge, scoreEntry } from "./knowledge-rank.js";

function entry(name: string, title: string, content: string, tags: string[] = [], category = "runbook"): KnowledgeEntry {
  return {
    apiVersion: "kubefix.io/v1alpha1",
    kind: "KnowledgeEntry",
    metadata: { name },
    spec: { title, content, category, tags, state: "published" },
  };
}

const oom = entry("oom", "OOMKilled 处理", "容器内存超过 limit 被杀。先看 memory limit，再决定是否调大 limit。", [
  "oom",
  "memory",
]);
const crash = entry("crash", "CrashLoopBackOff", "The container keeps exiting. Check the logs and the exit code.", ["crash"]);
const dns = entry("dns", "DNS failures", "CoreDNS pods are not ready.", ["network"]);

describe("queryTerms", () => {
  it.each<[string, string[]]>([
    ["OOMKilled memory", ["oomkilled", "memory"]],
    ["  Memory, memory; LIMIT ", ["memory", "limit"]],
    ["内存，limit", ["内存", "limit"]],
    ["", []],
  ])("%j", (query, terms) => {
    expect(queryTerms(query)).toEqual(terms);
  });
});

describe("scoreEntry", () => {
  it.each<[string, string, number]>([
    ["a title word weighs 3", "oomkilled", 3],
    ["a tag and two content hits", "memory", 2 + 1],
    ["Chinese in the content", "内存", 1],
    ["a word found twice in content", "limit", 3],
    ["nothing", "kafka", 0],
  ])("%s", (_name, term, score) => {
    expect(scoreEntry(oom, [term])).toBe(score);
  });
});

describe("rankKnowledge", () => {
  it("ranks by score, drops entries without a hit, and respects the limit", () => {
    const hits = rankKnowledge([dns, crash, oom], "OOMKilled memory limit", 5);
    expect(hits.map((h) => h.id)).toEqual(["oom"]);
    expect(hits[0]).toMatchObject({ title: "OOMKilled 处理", category: "runbook", score: 3 + 3 + 3 });
  });

  it("orders several hits best first", () => {
    const hits = rankKnowledge([dns, crash, oom], "container exit crash memory", 5);
    expect(hits.map((h) => h.id)).toEqual(["crash", "oom"]);
    expect(rankKnowledge([dns, crash, oom], "container exit crash memory", 1)).toHaveLength(1);
  });

  it("finds nothing for an empty query", () => {
    expect(rankKnowledge([oom], " ", 5)).toEqual([]);
  });
});

describe("excerptOf", () => {
  it("starts near the first match and marks cut text", () => {
    const content = `${"a".repeat(300)} needle ${"b".repeat(300)}`;
    const excerpt = excerptOf(content, ["needle"]);
    expect(excerpt.startsWith("…")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt).toContain("needle");
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH + 2);
  });

  it("keeps a short content whole", () => {
    expect(excerptOf("short text", ["zzz"])).toBe("short text");
  });
});
