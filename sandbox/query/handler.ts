import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readBody, send } from "../http/io";
import { newRequestId } from "../ids";
import { isAnonymousSnsCall, SNS_ACTIONS, SNS_NS, SNS_VERSION, runSnsAction, type SnsDeps } from "../sns/actions";
import { authenticate } from "../sts/authenticate";
import { scopeService } from "../sts/sigv4";
import { assumeRole, getCallerIdentity, type StsDeps } from "../sts/actions";
import { StsError, stsError } from "../sts/errors";
import { errorXml, STS_NS, successXml } from "../sts/xml";

const STS_VERSION = "2011-06-15";
/** Query API requests are small; anything near this is not a real client. */
const MAX_BODY_BYTES = 64 * 1024;

export interface QueryHandlerDeps extends StsDeps, SnsDeps {
  log: (msg: string) => void;
  /** Waits `ms` unless the sandbox is closing. */
  sleep: (ms: number) => Promise<void>;
}

/**
 * The Query APIs on `/` (STS and SNS share the endpoint; the action and the
 * credential scope's service tell them apart): parameters from the query
 * string and, for a form-encoded POST, the body. Every outcome is an XML
 * document with a request id, except an injected `drop`, which closes the socket unanswered.
 */
export async function handleQuery(deps: QueryHandlerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const requestId = newRequestId();
  let action = "-";
  let service: "sts" | "sns" = scopeService(req.headers.authorization) === "sns" ? "sns" : "sts";
  try {
    const body = req.method === "POST" ? await readBody(req, MAX_BODY_BYTES) : Buffer.alloc(0);
    const params = new URLSearchParams(url.search);
    if (req.method === "POST" && isFormEncoded(req)) {
      for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params.set(key, value);
    }
    action = params.get("Action") ?? "";
    if (SNS_ACTIONS.has(action)) service = "sns";
    if (!action) throw stsError.missingAction();
    const version = params.get("Version") ?? "NO_VERSION_SPECIFIED";
    const signed = { method: req.method ?? "GET", path: url.pathname, query: new URLSearchParams(url.search), headers: req.headers, body };
    if (service === "sns") {
      // SubscribeURL and UnsubscribeURL are followed without a signature, as on AWS: their token or ARN is the proof.
      const anonymous = isAnonymousSnsCall(action, req);
      if (!anonymous && version !== SNS_VERSION) throw stsError.invalidAction(action, version);
      const caller = anonymous ? undefined : await authenticate(signed, deps.store, deps.now(), "sns");
      const result = runSnsAction(deps, caller, action, params);
      deps.log(`sns ${action} 200 ${caller?.arn ?? "anonymous"} (request ${requestId})`);
      return send(res, 200, "text/xml", successXml(action, result, requestId, SNS_NS), { "x-amzn-RequestId": requestId });
    }
    if (version !== STS_VERSION || (action !== "AssumeRole" && action !== "GetCallerIdentity")) {
      throw stsError.invalidAction(action, version);
    }
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
    const error = toQueryError(err, deps.log);
    deps.log(`${service} ${action || "-"} ${error.status} ${error.code}: ${error.message} (request ${requestId})`);
    // After an oversized body the rest of the upload is unread: close rather than reuse the socket.
    const xml = errorXml(error, requestId, service === "sns" ? SNS_NS : STS_NS);
    send(res, error.status, "text/xml", xml, { "x-amzn-RequestId": requestId }, error.status === 413);
  }
}

function isFormEncoded(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "";
}

function toQueryError(err: unknown, log: (msg: string) => void): StsError {
  if (err instanceof StsError) return err;
  if (err instanceof BodyTooLargeError) return stsError.tooLarge();
  log(`query API internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return stsError.internal();
}
