import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "@playwright/test";

/**
 * A partner's webhook endpoint on loopback: records every POST it gets (headers and the body as
 * sent, which is what a signature covers) and answers with the status `respond` picks.
 */

export type Received = { n: number; at: number; headers: Record<string, string>; body: string; status: number };
/** How to answer: a status, with headers (a redirect's Location), or "hang" to never answer. */
export type Answer = number | { status: number; headers?: Record<string, string> } | "hang";
export type Receiver = {
  url: string;
  received: Received[];
  /** Waits until a request satisfies `predicate` and returns it. */
  waitFor: (predicate: (r: Received) => boolean, timeout?: number) => Promise<Received>;
  close: () => Promise<void>;
};

/** Starts a receiver; `respond` picks each answer from the request (its `n` counts from 1). */
export async function startReceiver(respond: (request: Received) => Answer = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
      const request: Received = { n: received.length + 1, at: Date.now(), headers, body: Buffer.concat(chunks).toString("utf8"), status: 0 };
      const answer = respond(request);
      received.push(request);
      if (answer === "hang") return; // the socket stays open until the sender gives up
      const { status, headers: extra } = typeof answer === "number" ? { status: answer, headers: {} } : answer;
      request.status = status;
      res.writeHead(status, { "content-type": "text/plain", ...extra }).end(status < 300 ? "ok" : "not now");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/${Math.random().toString(36).slice(2)}`,
    received,
    async waitFor(predicate, timeout = 15_000) {
      await expect.poll(() => received.some(predicate), { timeout, message: "webhook received" }).toBe(true);
      return received.find(predicate)!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The JSON body of a delivery. */
export function payloadOf(request: Received): { type: string; timestamp: string; data: Record<string, unknown> } {
  return JSON.parse(request.body) as never;
}
