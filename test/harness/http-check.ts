import { request as httpRequest } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** GETs `url` and resolves with the status code and body; never follows redirects. */
export function httpGet(url: string, tls?: TlsMaterial): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const opts: RequestOptions = { method: "GET", timeout: 5_000, ...tls };
  // Components with self-signed serving certificates (controller-manager,
  // scheduler) are checked on loopback without a CA to verify against.
  if (u.protocol === "https:" && !tls?.ca) opts.rejectUnauthorized = false;
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, opts, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on("error", reject);
    req.end();
  });
}

/** True when `url` answers 200. */
export async function isHealthy(url: string, tls?: TlsMaterial): Promise<boolean> {
  const { status } = await httpGet(url, tls);
  return status === 200;
}
