import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSet } from "../faults";
import { BodyTooLargeError, readBody, send } from "../http/io";
import { evaluateIdentity } from "../policy/identity";
import type { SandboxStore } from "../state/store";
import { authenticate, type Caller } from "../sts/authenticate";
import { StsError } from "../sts/errors";
import { newS3RequestIds, S3Error, s3Error, s3ErrorXml, toS3Error } from "./errors";

/** A ListBuckets request has no body; anything near this is not a real client. */
const MAX_BODY_BYTES = 64 * 1024;
const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

export interface S3Deps {
  store: SandboxStore;
  faults: FaultSet;
  now: () => number;
  log: (msg: string) => void;
  sleep: (ms: number) => Promise<void>;
}

/**
 * The S3 REST API, path-style, for requests whose credential scope names `s3`: `GET /`
 * (ListBuckets) only. A role session may list buckets when its role's identity
 * policies allow `s3:ListAllMyBuckets` (an explicit Deny wins); the sandbox has no
 * buckets, so the list is empty. Every other path is a bucket that does not exist.
 * Errors are S3's XML error documents, 4xx for anything a client got wrong.
 */
export async function handleS3(deps: S3Deps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { requestId, hostId } = newS3RequestIds();
  const ids = { "x-amz-request-id": requestId, "x-amz-id-2": hostId };
  const method = req.method ?? "GET";
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    const signed = { method, path: url.pathname, query: new URLSearchParams(url.search), headers: req.headers, body };
    const caller = await authenticate(signed, deps.store, deps.now(), "s3");
    if (url.pathname !== "/") throw s3Error.noSuchBucket(bucketOf(url.pathname));
    if (method !== "GET") throw s3Error.methodNotAllowed(method);

    const latency = deps.faults.take("ListBuckets", "latency");
    if (latency) await deps.sleep(latency.ms ?? 0);
    if (deps.faults.take("ListBuckets", "drop")) {
      deps.log("s3 ListBuckets dropped (injected fault)");
      req.socket.destroy();
      return;
    }
    if (deps.faults.take("ListBuckets", "throttle")) throw s3Error.slowDown();

    authorizeListBuckets(deps.store, caller);
    deps.log(`s3 ListBuckets 200 ${caller.arn} (request ${requestId})`);
    send(res, 200, "application/xml", listBucketsXml(caller), ids);
  } catch (err) {
    if (!(err instanceof S3Error || err instanceof StsError || err instanceof BodyTooLargeError)) {
      deps.log(`s3 internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    const error = err instanceof BodyTooLargeError ? s3Error.tooLarge() : toS3Error(err);
    deps.log(`s3 ${method} ${url.pathname} ${error.status} ${error.code} (request ${requestId})`);
    // After an oversized body the rest of the upload is unread: close rather than reuse the socket.
    send(res, error.status, "application/xml", s3ErrorXml(error, requestId, hostId), ids, err instanceof BodyTooLargeError);
  }
}

/** Throws AccessDenied, worded as AWS words it, unless the caller's identity policies allow s3:ListAllMyBuckets. */
function authorizeListBuckets(store: SandboxStore, caller: Caller): void {
  const action = "s3:ListAllMyBuckets";
  // The partner user has no identity policies in the sandbox beyond what STS lets it do.
  const role = caller.roleArn !== undefined ? store.findRoleByArn(caller.roleArn) : undefined;
  if (!role) throw s3Error.accessDenied(`User: ${caller.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`);
  const decision = evaluateIdentity(role, {
    caller: { partition: caller.partition, accountId: caller.accountId, arn: caller.arn, roleArn: role.arn },
    action,
    resource: `arn:${caller.partition}:s3:::*`,
    context: {
      "aws:principalarn": role.arn,
      "aws:principalaccount": caller.accountId,
      "aws:principaltype": "AssumedRole",
      "aws:requestedregion": caller.region,
      "aws:userid": caller.userId,
    },
  });
  if (decision.effect === "allow") return;
  const why = decision.effect === "explicit-deny" ? "with an explicit deny in an identity-based policy" : `because no identity-based policy allows the ${action} action`;
  throw s3Error.accessDenied(`User: ${caller.arn} is not authorized to perform: ${action} ${why}`);
}

function listBucketsXml(caller: Caller): string {
  // S3's canonical user id is 64 hex characters per account.
  const ownerId = createHash("sha256").update(`s3-owner:${caller.accountId}`).digest("hex");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>${ownerId}</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>`;
}

function bucketOf(path: string): string {
  const segment = path.split("/")[1] ?? "";
  try {
    return decodeURIComponent(segment).slice(0, 255);
  } catch {
    return segment.slice(0, 255);
  }
}
