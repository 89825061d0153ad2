import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * The partner's webhook endpoints on loopback: each answers 204 as soon as a delivery's body is in,
 * and notes when it arrived (its headers), its `webhook-id` and its body's `timestamp`. A few
 * deliveries are kept whole, for their signatures to be verified later with `standardwebhooks`.
 */

/** The first arrival of one event at one endpoint, and how many times it came. */
export type Receipt = { at: number; timestamp: number; count: number };
type Kept = { body: string; headers: Record<string, string> };

const KEEP_FIRST = 20;
const KEEP_EVERY = 500;

export class Receiver {
  readonly receipts = new Map<string, Receipt>();
  private readonly kept: Kept[] = [];
  private secret = "";
  private sampled = 0;
  /** Called at the first arrival of each webhook-id. */
  onFirst: ((id: string) => void) | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  /** Starts a receiver on an ephemeral loopback port. */
  static async start(index: number): Promise<Receiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/${index + 1}`);
    server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => receiver.handle(request, response));
    return receiver;
  }

  /** The endpoint's signing secret, as its registration answered it. */
  setSecret(secret: string): void {
    this.secret = secret;
  }

  /** Deliveries that came more than once. */
  get duplicates(): number {
    let n = 0;
    for (const r of this.receipts.values()) n += r.count - 1;
    return n;
  }

  /** Verifies the kept deliveries' signatures and forgets them (the next ones kept are a new sample): how many passed, of how many. */
  verifyKept(): { passed: number; checked: number } {
    const webhook = new Webhook(this.secret);
    const kept = this.kept.splice(0);
    this.sampled = 0;
    let passed = 0;
    for (const { body, headers } of kept) {
      try {
        webhook.verify(body, headers);
        passed++;
      } catch {
        // counted as not passed
      }
    }
    return { passed, checked: kept.length };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const at = Date.now();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      response.writeHead(204).end();
      const id = String(request.headers["webhook-id"] ?? "");
      const body = Buffer.concat(chunks).toString("utf8");
      const seen = this.receipts.get(id);
      if (seen) {
        seen.count++;
        return;
      }
      let timestamp = NaN;
      try {
        timestamp = Date.parse((JSON.parse(body) as { timestamp: string }).timestamp);
      } catch {
        // a body that is not JSON: its signature check fails too
      }
      this.receipts.set(id, { at, timestamp, count: 1 });
      const n = this.sampled++;
      if (n < KEEP_FIRST || n % KEEP_EVERY === 0) {
        const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(request.headers[h] ?? "")]));
        this.kept.push({ body, headers });
      }
      this.onFirst?.(id);
    });
  }
}

/**
 * Waits until every receiver has had every event of `ids`, or throws after `timeoutMs` saying how
 * far each got. Returns the time of the last first arrival.
 */
export async function receivedAll(receivers: readonly Receiver[], ids: readonly string[], timeoutMs: number): Promise<number> {
  const missing = receivers.map((r) => new Set(ids.filter((id) => !r.receipts.has(id))));
  receivers.forEach((r, i) => (r.onFirst = (id) => void missing[i]!.delete(id)));
  const deadline = Date.now() + timeoutMs;
  try {
    while (missing.some((m) => m.size > 0)) {
      if (Date.now() > deadline) {
        const got = missing.map((m, i) => `endpoint ${i + 1}: ${ids.length - m.size}`).join(", ");
        throw new Error(`not every event reached every endpoint within ${Math.round(timeoutMs / 1000)} s (of ${ids.length} each: ${got})`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    for (const r of receivers) r.onFirst = undefined;
  }
  let last = 0;
  for (const r of receivers) for (const id of ids) last = Math.max(last, r.receipts.get(id)!.at);
  return last;
}
