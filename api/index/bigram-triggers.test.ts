import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BigramTriggers } from "./bigram-triggers.js";
import { bigramToken, rowBigrams } from "./bigrams.js";
import { openDatabase } from "./database.js";

let sqlite: Database.Database;
let bigrams: BigramTriggers;

beforeEach(() => {
  ({ sqlite, bigrams } = openDatabase(":memory:"));
});
afterEach(() => {
  sqlite.close();
});

const insertKnowledge = (id: string, title: string): void => {
  sqlite.prepare("INSERT INTO knowledge_entries (id, title, content, tags, category, resource) VALUES (?, ?, '', '', 'k', '{}')").run(id, title);
};
const retitle = (id: string, title: string): void => {
  sqlite.prepare("UPDATE knowledge_entries SET title = ? WHERE id = ?").run(title, id);
};
/** The ids of the entries holding `term`, by the bigram table alone. */
const holding = (term: string): string[] =>
  (
    sqlite
      .prepare(
        `SELECT id FROM knowledge_entries WHERE seq IN
           (SELECT rowid FROM knowledge_entries_bigrams WHERE knowledge_entries_bigrams MATCH ?) ORDER BY id`,
      )
      .all(`"${bigramToken(term)}"`) as { id: string }[]
  ).map((r) => r.id);
const tokenRows = (): number => (sqlite.prepare("SELECT count(*) AS n FROM knowledge_entries_bigrams").get() as { n: number }).n;

describe("BigramTriggers", () => {
  it("computes a row's tokens in the SQL function the triggers call", () => {
    expect(sqlite.prepare("SELECT kubefix_bigrams('内存', NULL, 'Io') AS t").get()).toEqual({ t: rowBigrams(["内存", null, "Io"]) });
  });

  it("indexes rows written one at a time from the triggers", () => {
    insertKnowledge("a", "内存不足");
    retitle("a", "磁盘满");
    expect(holding("内存")).toEqual([]);
    expect(holding("磁盘")).toEqual(["a"]);
  });

  it("in bulk mode, inserts nothing from the triggers and fills new and changed rows at the end", () => {
    insertKnowledge("old", "内存");
    insertKnowledge("changed", "内存");
    sqlite.transaction(() => {
      bigrams.bulk("knowledge", () => {
        insertKnowledge("new", "内存 磁盘");
        retitle("changed", "磁盘");
        expect(tokenRows()).toBe(1); // only "old": "changed" lost its tokens, "new" has none yet
      });
    })();
    expect(tokenRows()).toBe(3);
    expect(holding("内存")).toEqual(["new", "old"]);
    expect(holding("磁盘")).toEqual(["changed", "new"]);
  });

  it("refuses a bulk write outside a transaction", () => {
    expect(() => bigrams.bulk("knowledge", () => insertKnowledge("a", "内存"))).toThrow(/transaction/);
    expect(tokenRows()).toBe(0);
  });

  it("leaves bulk mode when the write throws, and the transaction rolls back", () => {
    const failing = sqlite.transaction(() => {
      bigrams.bulk("knowledge", () => {
        insertKnowledge("a", "内存");
        throw new Error("boom");
      });
    });
    expect(failing).toThrow("boom");
    insertKnowledge("b", "内存");
    expect(holding("内存")).toEqual(["b"]);
  });
});
