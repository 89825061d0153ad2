import http from "node:http";
import https from "node:https";
import { describeError, outboundAgent } from "@/lib/webhooks/send";

/**
 * Where Rolegate may answer a custom-resource request: CloudFormation's response bucket of the
 * request's region in `aws` mode (`https://cloudformation-custom-resource-response-<region without
 * dashes>.s3….amazonaws.com[.cn]/…`), the sandbox's origin under the same path prefix in sandbox
 * mode. Anything else is refused before it is stored, and again before each PUT: the URL comes in a
 * message anyone able to publish to the topic could write.
 */

export const RESPONSE_PATH_PREFIX = "/cloudformation-custom-resource-response-";
const MAX_URL_LENGTH = 4096;

export type ResponseTarget = { mode: "aws" } | { mode: "sandbox"; sandboxUrl: string };
export type ResponseUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** Checks a ResponseURL against the allowed origins for the request's region. */
export function checkResponseUrl(raw: string, region: string, target: ResponseTarget): ResponseUrlCheck {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, message: "ResponseURL is too long" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "ResponseURL is not an absolute URL" };
  }
  if (url.username !== "" || url.password !== "" || url.href.includes("#")) return { ok: false, message: "ResponseURL has credentials or a fragment" };
  if (target.mode === "sandbox") {
    const sandbox = new URL(target.sandboxUrl);
    if (url.origin !== sandbox.origin || !url.pathname.startsWith(RESPONSE_PATH_PREFIX)) {
      return { ok: false, message: "ResponseURL is not on the sandbox's CloudFormation response endpoint" };
    }
    return { ok: true, url };
  }
  const bucket = `cloudformation-custom-resource-response-${region.replaceAll("-", "")}`;
  const host = new RegExp(`^${bucket}\\.s3(?:[.-][a-z0-9-]+)*\\.amazonaws\\.com(?:\\.cn)?$`);
  if (url.protocol !== "https:" || url.port !== "" || !host.test(url.hostname)) {
    return { ok: false, message: `ResponseURL is not on CloudFormation's response endpoint for ${region}` };
  }
  return { ok: true, url };
}

/** How one PUT went. `error` is short and never repeats the URL (a capability) or the body. */
export type PutAttempt = { ok: boolean; statusCode: number | null; error: string | null };

/**
 * PUTs the answer to a checked ResponseURL: an empty Content-Type as CloudFormation's docs show,
 * no redirect followed, public addresses only in `aws` mode (the webhook sender's agent, which checks
 * each address as it connects), within `timeoutMs`. Never throws.
 */
export function putResponse(url: URL, body: string, options: { allowPrivate: boolean; timeoutMs: number }): Promise<PutAttempt> {
  return new Promise<PutAttempt>((resolve) => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let settled = false;
    let statusCode: number | null = null;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ ok: error === null, statusCode, error });
    };
    const timeout = `timed out after ${options.timeoutMs / 1000} s`;
    const protocol = url.protocol === "https:" ? "https:" : "http:";
    const requestOptions: https.RequestOptions = {
      method: "PUT",
      signal,
      agent: outboundAgent(protocol, options.allowPrivate),
      headers: { "Content-Type": "", "Content-Length": String(Buffer.byteLength(body)), "User-Agent": "Rolegate-Registration/1" },
    };
    let request: http.ClientRequest;
    try {
      request = protocol === "https:" ? https.request(url, requestOptions, onResponse) : http.request(url, requestOptions, onResponse);
    } catch (error) {
      return finish(describeError(error));
    }
    request.on("error", (error) => finish(signal.aborted ? timeout : describeError(error)));
    request.end(body);

    function onResponse(response: http.IncomingMessage) {
      statusCode = response.statusCode ?? null;
      const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
      const outcome = ok ? null : statusCode !== null && statusCode >= 300 && statusCode < 400 ? "redirects are not followed" : `HTTP ${statusCode ?? "status missing"}`;
      // The answer is the status; the body (an S3 error document at most) is read and dropped.
      response.resume();
      response.on("end", () => finish(outcome));
      response.on("close", () => finish(outcome));
      response.on("error", () => finish(outcome));
    }
  });
}
