import type { IncomingMessage, ServerResponse } from "node:http";

/** Thrown by readBody when a client sends more than the route accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops reading and
 * throws, so a huge upload costs the server nothing; the caller answers 413 and
 * closes the connection.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Sends a body with an explicit length; `close` asks the client not to reuse the socket. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
  close = false,
): void {
  if (res.headersSent) return;
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": String(buf.length),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(close ? { connection: "close" } : {}),
    ...headers,
  });
  res.end(buf);
}

/** Sends JSON; a status of 204 sends no body at all. */
export function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  if (status === 204) {
    if (!res.headersSent) res.writeHead(204, { "cache-control": "no-store" }).end();
    return;
  }
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value), {}, close);
}

/** A JSON error body in the shape every control and console API route uses. */
export function sendJsonError(res: ServerResponse, status: number, code: string, message: string, close = false): void {
  sendJson(res, status, { error: { code, message } }, close);
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** True when the TCP peer is this machine. */
export function isLoopbackPeer(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? "";
  return LOOPBACK.has(address) || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/**
 * True when the Host header names this machine. A loopback peer alone is not
 * enough: a web page can point its own domain at 127.0.0.1 (DNS rebinding) and
 * then read responses, so the Host must name loopback or the configured host.
 */
export function isLocalHostHeader(req: IncomingMessage, extraHost?: string): boolean {
  const host = (req.headers.host ?? "").toLowerCase();
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  const allowed = ["127.0.0.1", "localhost", "[::1]"];
  if (extraHost) allowed.push(extraHost.toLowerCase());
  return allowed.includes(name);
}

/** True when the request declares a JSON body (which also forces a CORS preflight cross-origin). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

/** An error a JSON route answers with its own status and code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON request body. Requires `Content-Type: application/json`, which a
 * cross-origin page cannot send without a CORS preflight the sandbox never
 * grants: that keeps other web pages from driving these routes.
 */
export async function readJsonBody(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  if (!isJsonRequest(req)) throw new HttpError(415, "UnsupportedMediaType", "Send the request body as application/json.");
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpError(413, "RequestEntityTooLarge", err.message);
    throw err;
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "InvalidJson", "The request body is not valid JSON.");
  }
}

/** Answers a thrown error as JSON: HttpError with its own status, anything else as a logged 500. */
export function sendErrorAsJson(res: ServerResponse, err: unknown, log: (msg: string) => void): void {
  if (err instanceof HttpError) {
    sendJsonError(res, err.status, err.code, err.message, err.status === 413);
    return;
  }
  log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  sendJsonError(res, 500, "InternalFailure", "The sandbox hit an internal error; see its log.");
}
