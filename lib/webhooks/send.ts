import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { parseWebhookUrl } from "./ssrf";

export type DeliveryAttempt = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

// Enough for any acknowledgement; the rest is not read so a huge response cannot hold a worker.
const MAX_RESPONSE_BYTES = 64 * 1024;
const SECONDS = new Intl.NumberFormat("en", { maximumFractionDigits: 3 });

// Keep-alive spares a TLS handshake per delivery when a partner receives many in a row. Idle
// sockets are closed after 4 s, before the common 5 s server idle timeout, so a delivery is not
// written into a connection the partner is closing.
const agentOptions = { keepAlive: true, timeout: 4_000 };
// The filtering agents check each address when they connect, after DNS: a host that resolved to a
// public address at registration and to 127.0.0.1 now (DNS rebinding) is refused here.
const publicOnlyAgents = { http: new RequestFilteringHttpAgent(agentOptions), https: new RequestFilteringHttpsAgent(agentOptions) };
const anyAddressAgents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

/** The agent outbound calls to partner- or AWS-named URLs use: public addresses only unless `allowPrivate`. */
export function outboundAgent(protocol: "http:" | "https:", allowPrivate: boolean): http.Agent {
  const agents = allowPrivate ? anyAddressAgents : publicOnlyAgents;
  return protocol === "https:" ? agents.https : agents.http;
}

/**
 * Makes one delivery attempt: POSTs `body` to `url`, follows no redirect, and reports the outcome
 * without throwing. `error` is short and never repeats the request's body or headers.
 */
export async function sendWebhook(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  allowPrivate: boolean;
}): Promise<DeliveryAttempt> {
  const started = performance.now();
  const timeoutMs = input.timeoutMs ?? 10_000;
  const checked = parseWebhookUrl(input.url, { allowPrivate: input.allowPrivate });
  if (!checked.ok) return { ok: false, statusCode: null, error: `URL refused: ${checked.message}`, durationMs: Math.round(performance.now() - started) };
  const { url } = checked;

  return new Promise<DeliveryAttempt>((resolve) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let statusCode: number | null = null;
    let settled = false;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onTimeout);
      resolve({ ok: error === null, statusCode, error, durationMs: Math.round(performance.now() - started) });
    };
    const timeoutError = `timed out after ${SECONDS.format(timeoutMs / 1000)} s`;
    // The request's own signal handler destroys the request (and the response with it); this one
    // reports the timeout, also when the response headers have already arrived.
    const onTimeout = () => finish(timeoutError);
    signal.addEventListener("abort", onTimeout);

    const agents = input.allowPrivate ? anyAddressAgents : publicOnlyAgents;
    const options: https.RequestOptions = {
      method: "POST",
      signal,
      // Later keys win: a caller's header cannot change what the body is or who is sending it.
      headers: {
        ...input.headers,
        "Content-Type": "application/json",
        "User-Agent": "Rolegate-Webhooks/1",
        "Content-Length": String(Buffer.byteLength(input.body)),
      },
    };
    let request: http.ClientRequest;
    try {
      request =
        url.protocol === "https:"
          ? https.request(url, { ...options, agent: agents.https }, onResponse)
          : http.request(url, { ...options, agent: agents.http }, onResponse);
    } catch (error) {
      // Invalid header names or values throw before anything is sent.
      return finish(describeError(error));
    }
    request.on("error", (error) => finish(signal.aborted ? timeoutError : describeError(error)));
    request.end(input.body);

    function onResponse(response: http.IncomingMessage) {
      statusCode = response.statusCode ?? null;
      const outcome = statusError(statusCode);
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received <= MAX_RESPONSE_BYTES) return;
        finish(outcome);
        // Destroying an unfinished response closes its socket; it is not reused.
        response.destroy();
      });
      response.on("end", () => finish(outcome));
      // The status is the partner's answer; a body cut short afterwards does not change it.
      response.on("close", () => finish(signal.aborted ? timeoutError : outcome));
      response.on("error", () => finish(signal.aborted ? timeoutError : outcome));
    }
  });
}

function statusError(statusCode: number | null): string | null {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return null;
  if (statusCode !== null && statusCode >= 300 && statusCode < 400) return "redirects are not followed";
  return `HTTP ${statusCode ?? "status missing"}`;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host not found",
  ENODATA: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ERR_INVALID_CHAR: "invalid request header",
  ERR_INVALID_HTTP_TOKEN: "invalid request header",
};
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

/** A short, stack-free reason for a failed connection; only codes, never a message that could quote input. */
export function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // request-filtering-agent refuses with a plain Error, no code: "DNS lookup 10.0.0.1(family:4, host:…) is not allowed. …"
  const blocked = typeof message === "string" ? /^DNS lookup (\S+?)\(family:.*is not allowed/.exec(message) : null;
  if (blocked) return `blocked: ${blocked[1]} is not a public address`;
  if (typeof code !== "string") return "network error";
  if (NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
  if (TLS_CODE.test(code)) {
    // EPROTO alone says little; OpenSSL's reason ("wrong version number": not a TLS server) says more.
    const reason = typeof message === "string" ? /SSL routines:[^:]*:([a-z0-9 ]{1,60}):/.exec(message)?.[1] : undefined;
    return reason ? `TLS error: ${code} (${reason})` : `TLS error: ${code}`;
  }
  if (code.startsWith("HPE_")) return "invalid HTTP response";
  return /^[A-Z0-9_]{1,40}$/.test(code) ? `network error: ${code}` : "network error";
}
