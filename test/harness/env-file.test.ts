import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setEnvValues } from "./env-file.js";

describe("setEnvValues", () => {
  it.each<[string, string | undefined, Record<string, string>, string]>([
    ["creates the file", undefined, { KUBECONFIG: "/a" }, "KUBECONFIG=/a\n"],
    ["replaces a key and keeps the others", "KUBEFIX_API=http://x\nKUBECONFIG=/old\n", { KUBECONFIG: "/new" }, "KUBEFIX_API=http://x\nKUBECONFIG=/new\n"],
    ["does not touch a key that only shares a prefix", "KUBECONFIG_EXTRA=1\n", { KUBECONFIG: "/a" }, "KUBECONFIG_EXTRA=1\nKUBECONFIG=/a\n"],
  ])("%s", async (_name, before, values, after) => {
    const file = join(await mkdtemp(join(tmpdir(), "envfile-")), "local.env");
    if (before !== undefined) await writeFile(file, before);
    await setEnvValues(file, values);
    expect(await readFile(file, "utf8")).toBe(after);
  });
});
