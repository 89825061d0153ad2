import http from "node:http";

const TIMEOUT_MS = 30_000;

/** One answer of the partner API, read to its last byte; `ms` runs from sending to that byte. */
export type Answer = { status: number; ms: number; text: string };

/**
 * A partner's backend calling the API with one key over keep-alive connections (node:http, no
 * compression asked for, as curl sends it), so that each timing holds one request and no connect.
 */
export class ApiClient {
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    private readonly key: string,
    sockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends one request; a network error or timeout rejects. */
  send(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${this.key}`, accept: "application/json" };
    if (payload !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const request = http.request(new URL(path, this.baseUrl), { method, headers, agent: this.agent, timeout: TIMEOUT_MS }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      });
      request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer in ${TIMEOUT_MS / 1000} s`)));
      request.on("error", reject);
      request.end(payload);
    });
  }

  /** Sends one request and parses its JSON answer; any status but `expected` rejects with the answer's text. */
  async json<T>(method: "GET" | "POST" | "DELETE", path: string, body: unknown, expected: number): Promise<T> {
    const answer = await this.send(method, path, body);
    if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return JSON.parse(answer.text) as T;
  }

  /** Closes the idle connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** Tallies failed requests by what went wrong, for the report and the exit status. */
export class Failures {
  readonly byReason = new Map<string, number>();

  add(reason: string): void {
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }

  get count(): number {
    return [...this.byReason.values()].reduce((a, b) => a + b, 0);
  }
}

/** The q-quantile of samples (nearest rank); NaN when there are none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
