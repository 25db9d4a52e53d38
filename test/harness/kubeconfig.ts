import { readFile, writeFile } from "node:fs/promises";
import { stringify } from "yaml";
import type { CertPair } from "./pki.js";

const b64 = async (path: string): Promise<string> => (await readFile(path)).toString("base64");

/** Writes a self-contained kubeconfig (certificates embedded) for one client identity. */
export async function writeKubeconfig(
  path: string,
  server: string,
  caFile: string,
  client: CertPair,
): Promise<void> {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "kubefix-local", cluster: { server, "certificate-authority-data": await b64(caFile) } }],
    users: [
      {
        name: "user",
        user: {
          "client-certificate-data": await b64(client.cert),
          "client-key-data": await b64(client.key),
        },
      },
    ],
    contexts: [{ name: "kubefix-local", context: { cluster: "kubefix-local", user: "user", namespace: "default" } }],
    "current-context": "kubefix-local",
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
}
