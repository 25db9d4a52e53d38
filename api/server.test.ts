import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openIndex } from "./server.js";

describe("openIndex", () => {
  it("moves a file that is not a database aside and starts a fresh index", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubefix-index-"));
    const path = join(dir, "index.db");
    writeFileSync(path, "this is not a database, it is a shopping list");
    const index = openIndex(path);
    expect(index.ping()).toBe(true);
    expect(index.listIncidents({ page: 1, pageSize: 20 }).total).toBe(0);
    expect(readdirSync(dir).some((f) => f.startsWith("index.db.broken-"))).toBe(true);
    index.close();
  });
});
