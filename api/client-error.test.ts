import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { fakeWorld } from "./testing/fake-deps.js";

/** Sends `raw` bytes and resolves with everything the server answered before closing. */
function rawRequest(port: number, raw: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(raw));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("requests Node's HTTP parser refuses", () => {
  let app: FastifyInstance;
  let port = 0;
  beforeAll(async () => {
    app = await buildApp(fakeWorld().deps);
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => app.close());

  it.each([
    ["raw UTF-8 in the URL", Buffer.from("GET /api/incidents?search=内存 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin\r\n\r\n")],
    ["a header without a colon", Buffer.from("GET /healthz HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n")],
  ])("%s gets a 400 in the documented envelope", async (_what, raw) => {
    const answer = await rawRequest(port, raw);
    expect(answer.startsWith("HTTP/1.1 400")).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as unknown;
    expect(body).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR", details: [{ field: "request" }] } });
  });
});
