import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendWebhook } from "./send";

type Received = { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders; body: string };
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: http.Server[] = [];

/** A local endpoint that records what reached it: each request (after its body) and each TCP connection. */
async function startEndpoint(handler: Handler) {
  const received: Received[] = [];
  const endpoint = { received, connections: 0, port: 0, url: "" };
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      handler(request, response);
    });
  });
  server.on("connection", () => endpoint.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint.port = (server.address() as AddressInfo).port;
  endpoint.url = `http://127.0.0.1:${endpoint.port}`;
  return endpoint;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const delivery = { headers: { "webhook-id": "msg_1" }, body: '{"type":"connection.verified"}', allowPrivate: true };

describe("sendWebhook: what the partner's endpoint receives", () => {
  it("gets one POST with the exact body, our content type and user agent, and the signing headers", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end("ok"));
    const body = JSON.stringify({ id: "evt_1", type: "connection.verified", data: { name: "Zoë’s account" } });
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": "1700000000", "webhook-signature": "v1,c2lnbmF0dXJl" };

    const attempt = await sendWebhook({ url: `${endpoint.url}/hooks?tenant=42`, headers, body, allowPrivate: true });

    expect(attempt).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    expect(endpoint.received).toHaveLength(1);
    const [request] = endpoint.received;
    expect(request).toMatchObject({ method: "POST", url: "/hooks?tenant=42", body });
    expect(request?.headers).toMatchObject({
      ...headers,
      "content-type": "application/json",
      "user-agent": "Rolegate-Webhooks/1",
      "content-length": String(Buffer.byteLength(body)),
    });
  });

  it("keeps our content type and user agent whatever the caller's headers say", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    await sendWebhook({ ...delivery, url: endpoint.url, headers: { "content-type": "text/html", "User-Agent": "curl/8" } });
    expect(endpoint.received[0]?.headers).toMatchObject({ "content-type": "application/json", "user-agent": "Rolegate-Webhooks/1" });
  });
});

describe("sendWebhook: the outcome of an attempt", () => {
  it("is ok for any 2xx", async () => {
    for (const status of [200, 201, 202, 204]) {
      const endpoint = await startEndpoint((_request, response) => response.writeHead(status).end());
      expect(await sendWebhook({ ...delivery, url: endpoint.url })).toMatchObject({ ok: true, statusCode: status, error: null });
    }
  });

  it("is a failure with the status for anything else", async () => {
    for (const status of [400, 404, 410, 429, 500, 503]) {
      const endpoint = await startEndpoint((_request, response) => response.writeHead(status).end("secret stack trace"));
      expect(await sendWebhook({ ...delivery, url: endpoint.url })).toMatchObject({ ok: false, statusCode: status, error: `HTTP ${status}` });
    }
  });

  it("does not follow a redirect: the target receives nothing", async () => {
    const target = await startEndpoint((_request, response) => response.end());
    for (const status of [301, 302, 303, 307, 308]) {
      const endpoint = await startEndpoint((_request, response) => response.writeHead(status, { Location: `${target.url}/stolen` }).end());
      const attempt = await sendWebhook({ ...delivery, url: endpoint.url });
      expect(attempt).toMatchObject({ ok: false, statusCode: status, error: "redirects are not followed" });
      expect(endpoint.received).toHaveLength(1);
    }
    expect(target.connections).toBe(0);
  });

  it("times out when the endpoint never answers", async () => {
    const endpoint = await startEndpoint(() => {});
    const attempt = await sendWebhook({ ...delivery, url: endpoint.url, timeoutMs: 300 });
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: "timed out after 0.3 s" });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(250);
    expect(attempt.durationMs).toBeLessThan(2_000);
    expect(endpoint.received).toHaveLength(1);
  });

  it("times out when the body trickles in after a 200: the deadline covers the whole response", async () => {
    const endpoint = await startEndpoint((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write("."), 50);
      response.on("close", () => clearInterval(timer));
    });
    const attempt = await sendWebhook({ ...delivery, url: endpoint.url, timeoutMs: 300 });
    expect(attempt).toMatchObject({ ok: false, statusCode: 200, error: "timed out after 0.3 s" });
    expect(attempt.durationMs).toBeLessThan(2_000);
  });

  it("states the deadline in seconds", async () => {
    const endpoint = await startEndpoint(() => {});
    expect((await sendWebhook({ ...delivery, url: endpoint.url, timeoutMs: 1_000 })).error).toBe("timed out after 1 s");
  });

  it("stops reading a huge response after 64 KiB and closes the connection", async () => {
    let closed = false;
    const endpoint = await startEndpoint((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = "x".repeat(16 * 1024);
      // Writes until the client hangs up: an endless body.
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", pump);
      };
      response.on("close", () => (closed = true));
      pump();
    });
    const attempt = await sendWebhook({ ...delivery, url: endpoint.url, timeoutMs: 5_000 });
    expect(attempt).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(attempt.durationMs).toBeLessThan(5_000);
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("reads a short response to the end and reuses the connection for the next delivery", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end("a".repeat(10 * 1024)));
    expect((await sendWebhook({ ...delivery, url: endpoint.url })).ok).toBe(true);
    expect((await sendWebhook({ ...delivery, url: endpoint.url })).ok).toBe(true);
    expect(endpoint.received).toHaveLength(2);
    expect(endpoint.connections).toBe(1);
  });

  it("says the connection was refused when nothing listens", async () => {
    const endpoint = await startEndpoint(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await sendWebhook({ ...delivery, url: endpoint.url })).toMatchObject({ ok: false, statusCode: null, error: "connection refused" });
  });

  it("names a TLS failure by its code and OpenSSL's reason: here, an https:// URL on a plain HTTP server", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    const attempt = await sendWebhook({ ...delivery, url: `https://127.0.0.1:${endpoint.port}/` });
    expect(attempt).toMatchObject({ ok: false, statusCode: null });
    expect(attempt.error).toMatch(/^TLS error: [A-Z0-9_]+( \([a-z0-9 ]+\))?$/);
    expect(endpoint.received).toHaveLength(0);
  });

  it("does not throw on a header Node refuses, and does not repeat it", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    const attempt = await sendWebhook({ ...delivery, url: endpoint.url, headers: { "webhook-signature": "v1,secret\r\nX-Injected: 1" } });
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: "invalid request header" });
    expect(endpoint.connections).toBe(0);
  });
});

describe("sendWebhook: private addresses, when they are not allowed", () => {
  it("refuses an http:// URL before connecting", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    const attempt = await sendWebhook({ ...delivery, url: endpoint.url, allowPrivate: false });
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: "URL refused: Use an https:// URL." });
    expect(endpoint.connections).toBe(0);
  });

  it("refuses a URL with credentials before connecting, even when private addresses are allowed", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    const attempt = await sendWebhook({ ...delivery, url: `http://user:pass@127.0.0.1:${endpoint.port}/` });
    expect(attempt.error).toBe("URL refused: Remove the user name and password from the URL; each delivery is signed instead.");
    expect(endpoint.connections).toBe(0);
  });

  it("blocks at connect time a host that resolves to loopback, and loopback literals", async () => {
    const endpoint = await startEndpoint((_request, response) => response.end());
    for (const host of ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "2130706433"]) {
      const attempt = await sendWebhook({ ...delivery, url: `https://${host}:${endpoint.port}/hooks`, allowPrivate: false });
      expect(attempt, host).toMatchObject({ ok: false, statusCode: null });
      expect(attempt.error, host).toMatch(/^blocked: (127\.0\.0\.1|::1|::ffff:7f00:1) is not a public address$/);
    }
    expect(endpoint.connections).toBe(0);
  });
});
