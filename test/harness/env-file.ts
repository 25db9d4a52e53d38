import { readFile, writeFile } from "node:fs/promises";

/** Sets `key=value` in an env file, keeping every other line as it was. */
export async function setEnvValues(file: string, values: Record<string, string>): Promise<void> {
  const old = await readFile(file, "utf8").catch(() => "");
  const kept = old.split("\n").filter((line) => line && !Object.keys(values).some((k) => line.startsWith(`${k}=`)));
  const added = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  await writeFile(file, [...kept, ...added].join("\n") + "\n");
}
