import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readBody, send } from "../http/io";
import { newRequestId } from "../ids";
import { authenticate } from "./authenticate";
import { assumeRole, getCallerIdentity, type StsDeps } from "./actions";
import { StsError, stsError } from "./errors";
import { errorXml, successXml } from "./xml";

const VERSION = "2011-06-15";
/** STS requests are small; anything near this is not a real client. */
const MAX_BODY_BYTES = 64 * 1024;

export interface StsHandlerDeps extends StsDeps {
  log: (msg: string) => void;
  /** Waits `ms` unless the sandbox is closing. */
  sleep: (ms: number) => Promise<void>;
}

/**
 * The STS Query API on `/`: parameters from the query string and, for a
 * form-encoded POST, the body. Every outcome is an STS XML document with a
 * request id, except an injected `drop`, which closes the socket unanswered.
 */
export async function handleSts(deps: StsHandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = newRequestId();
  let action = "-";
  try {
    const body = req.method === "POST" ? await readBody(req, MAX_BODY_BYTES) : Buffer.alloc(0);
    const params = new URLSearchParams(url.search);
    if (req.method === "POST" && isFormEncoded(req)) {
      for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params.set(key, value);
    }
    action = params.get("Action") ?? "";
    if (!action) throw stsError.missingAction();
    const version = params.get("Version") ?? "NO_VERSION_SPECIFIED";
    if (version !== VERSION || (action !== "AssumeRole" && action !== "GetCallerIdentity")) {
      throw stsError.invalidAction(action, version);
    }
    const signed = { method: req.method ?? "GET", path: url.pathname, query: new URLSearchParams(url.search), headers: req.headers, body };
    const caller = await authenticate(signed, deps.store, deps.now());

    const latency = deps.faults.take(action, "latency");
    if (latency) await deps.sleep(latency.ms ?? 0);
    if (deps.faults.take(action, "drop")) {
      deps.log(`sts ${action} dropped (injected fault)`);
      req.socket.destroy();
      return;
    }
    if (deps.faults.take(action, "throttle")) throw stsError.throttling();
    if (deps.faults.take(action, "region-disabled")) throw stsError.regionDisabled(caller.accountId);

    const result = action === "AssumeRole" ? assumeRole(deps, caller, params) : getCallerIdentity(caller);
    deps.log(`sts ${action} 200 ${caller.arn} (request ${requestId})`);
    send(res, 200, "text/xml", successXml(action, result, requestId), { "x-amzn-RequestId": requestId });
  } catch (err) {
    const error = toStsError(err, deps.log);
    deps.log(`sts ${action || "-"} ${error.status} ${error.code}: ${error.message} (request ${requestId})`);
    // After an oversized body the rest of the upload is unread: close rather than reuse the socket.
    send(res, error.status, "text/xml", errorXml(error, requestId), { "x-amzn-RequestId": requestId }, error.status === 413);
  }
}

function isFormEncoded(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "";
}

function toStsError(err: unknown, log: (msg: string) => void): StsError {
  if (err instanceof StsError) return err;
  if (err instanceof BodyTooLargeError) return stsError.tooLarge();
  log(`sts internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return stsError.internal();
}
