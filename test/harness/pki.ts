/**
 * The certificates a throwaway control plane needs: one CA, the apiserver's
 * serving certificate, and a client certificate per user. Made with the
 * openssl CLI (Node can parse X.509 but not issue it); EC P-256 keys keep it fast.
 */
import { execFile } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CertPair {
  cert: string;
  key: string;
}

export interface ClientIdentity {
  /** Becomes the Kubernetes user name. */
  commonName: string;
  /** Become the user's groups. */
  organizations?: string[];
}

export interface Pki {
  dir: string;
  ca: CertPair;
  apiserver: CertPair;
  serviceAccountKey: string;
  serviceAccountPub: string;
  clients: Map<string, CertPair>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run("openssl", args, { cwd });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

function subject(id: ClientIdentity): string {
  const orgs = (id.organizations ?? []).map((o) => `/O=${o}`).join("");
  return `${orgs}/CN=${id.commonName}`;
}

async function issue(dir: string, name: string, subj: string, extensions: string): Promise<CertPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, extensions);
  await openssl(
    ["req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-keyout", pair.key, "-out", csr, "-subj", subj],
    dir,
  );
  await openssl(
    // A random serial per certificate: -CAcreateserial would race on ca.srl when certificates are issued in parallel.
    ["x509", "-req", "-in", csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", `0x${randomBytes(8).toString("hex")}`,
      "-days", "3650", "-out", pair.cert, "-extfile", ext],
    dir,
  );
  return pair;
}

/** Creates a CA, the apiserver certificate, service-account keys and client certificates in `dir`. */
export async function createPki(dir: string, clients: Record<string, ClientIdentity>): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const ca = { cert: join(dir, "ca.crt"), key: join(dir, "ca.key") };
  await openssl(
    ["req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-keyout", ca.key, "-out", ca.cert, "-days", "3650", "-subj", "/CN=kubefix-test-ca"],
    dir,
  );
  const serverExt = [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc",
  ].join("\n");
  const clientExt = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n";
  const [apiserver, ...issued] = await Promise.all([
    issue(dir, "apiserver", "/CN=kube-apiserver", serverExt),
    ...Object.entries(clients).map(([name, id]) => issue(dir, `client-${name}`, subject(id), clientExt)),
  ]);
  const sa = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const serviceAccountKey = join(dir, "sa.key");
  const serviceAccountPub = join(dir, "sa.pub");
  await writeFile(serviceAccountKey, sa.privateKey.export({ type: "pkcs8", format: "pem" }));
  await writeFile(serviceAccountPub, sa.publicKey.export({ type: "spki", format: "pem" }));
  const names = Object.keys(clients);
  return {
    dir,
    ca,
    apiserver: apiserver,
    serviceAccountKey,
    serviceAccountPub,
    clients: new Map(issued.map((pair, i) => [names[i]!, pair])),
  };
}
