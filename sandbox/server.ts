import { createHmac } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { partitionForRegion, userArn } from "./arn";
import type { StackDeps } from "./cfn/create-stack";
import { RESPONSE_PATH_PREFIX, ResponseBox } from "./cfn/responses";
import { handleControl, type SandboxInfo } from "./control/routes";
import { FaultSet } from "./faults";
import { BodyTooLargeError, isLocalHostHeader, isLoopbackPeer, readBody, sendJsonError, send } from "./http/io";
import { handleQuery } from "./query/handler";
import { handleQuickCreate } from "./quick-create/routes";
import { handleS3 } from "./s3/handler";
import { publish } from "./sns/actions";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./sns/delivery";
import { SnsPublisher } from "./sns/publisher";
import { certificatePath, newSnsSigning } from "./sns/signing";
import { SandboxStore } from "./state/store";
import { StackSets } from "./stacksets/stack-sets";
import { stackSetsView } from "./stacksets/view";
import { StsError } from "./sts/errors";
import { scopeService } from "./sts/sigv4";

export type { SandboxInfo } from "./control/routes";

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the sandbox hands out credentials and should not be reachable from elsewhere. */
  host?: string;
  dataDir: string;
  partnerAccountId?: string;
  log?: (msg: string) => void;
  /** How SNS deliveries are retried (tests shorten it). */
  snsRetry?: RetryPolicy;
}

export interface SandboxHandle {
  url: string;
  /** Where the socket is bound: `url` names loopback even for a wildcard bind. */
  address: AddressInfo;
  stsEndpoint: string;
  snsEndpoint: string;
  s3Endpoint: string;
  info(): SandboxInfo;
  close(): Promise<void>;
}

/**
 * Starts the sandbox: STS and SNS on `/`, S3 (path-style; told apart by its credential scope), the control API on `/_sandbox/`, the quick-create console on
 * `/cloudformation/`, custom resource ResponseURLs and the SNS signing certificate.
 */
export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const host = opts.host ?? "127.0.0.1";
  const partnerAccountId = opts.partnerAccountId ?? "111111111111";
  if (!/^\d{12}$/.test(partnerAccountId)) throw new Error(`partnerAccountId must be 12 digits, got "${partnerAccountId}"`);
  const log = opts.log ?? (() => {});
  const store = SandboxStore.open(opts.dataDir, partnerAccountId, log);
  if (!store.snsSigning) store.setSnsSigning(await newSnsSigning(new Date()));
  const faults = new FaultSet();
  const closing = new AbortController();
  // Every request delayed by a latency fault listens for shutdown (and stops listening when done).
  setMaxListeners(0, closing.signal);
  const now = () => Date.now();
  let url = "";

  const info = (): SandboxInfo => ({
    partner: {
      accountId: store.partner.accountId,
      arn: userArn("aws", store.partner.accountId, store.partner.userName),
      accessKeyId: store.partner.accessKeyId,
      secretAccessKey: store.partner.secretAccessKey,
    },
    stsEndpoint: url,
    snsEndpoint: url,
    s3Endpoint: url,
  });
  // Injected latency must not hold close() hostage.
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error("sandbox closing"));
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      closing.signal.addEventListener("abort", onAbort, { once: true });
    });

  const sns = new SnsPublisher({ store, baseUrl: () => url, retry: opts.snsRetry ?? DEFAULT_RETRY_POLICY, signal: closing.signal, sleep, now, log });
  const responses = new ResponseBox(createHmac("sha256", store.sessionKey).update("cfn-response-url").digest(), () => url, now);
  const stacks: StackDeps = {
    store,
    log,
    custom: {
      responses,
      // CloudFormation publishes as the customer account that creates the stack; the topic's Policy must let it.
      publish: (topicArn, stack, message) => {
        const topic = store.topics.find((t) => t.arn === topicArn);
        if (!topic) throw new Error("Topic does not exist (Service: Sns, Status Code: 404)");
        const root = `arn:${partitionForRegion(topic.region)}:iam::${stack.accountId}:root`;
        const context = { "aws:principalaccount": stack.accountId, "aws:principalarn": root, "aws:sourceaccount": stack.accountId, "aws:principaltype": "Account" };
        try {
          publish({ store, now, sns }, topic, { partition: stack.partition, accountId: stack.accountId, arn: root, context }, message);
        } catch (err) {
          if (err instanceof StsError) throw new Error(`${err.message} (Service: Sns, Status Code: ${err.status})`);
          throw err;
        }
      },
    },
  };

  const stackSets = new StackSets(stacks);
  stacks.stackSets = stackSets;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let requestUrl: URL;
    try {
      requestUrl = new URL(req.url ?? "/", "http://sandbox.invalid");
    } catch {
      return sendJsonError(res, 400, "BadRequest", "The request target is not a valid URL path.");
    }
    const path = requestUrl.pathname;
    const local = () => isLoopbackPeer(req) && isLocalHostHeader(req, host);
    if (path.startsWith("/_sandbox/") || path === "/_sandbox") {
      if (!local()) return sendJsonError(res, 403, "Forbidden", "The control API answers loopback callers only.");
      return handleControl({ store, faults, stacks, info, now, log, onReset: () => responses.clear(), onAccountsChanged: (id) => stackSets.accountsChanged(id), listStackSets: () => stackSetsView(store) }, req, res, requestUrl);
    }
    if (path === "/cloudformation" || path.startsWith("/cloudformation/")) {
      return handleQuickCreate({ store, stacks, now, log, isLocal: local() }, req, res, requestUrl);
    }
    // S3's REST paths are bucket names, so a request signed for s3 is S3's wherever it goes.
    if (scopeService(req.headers.authorization) === "s3") return handleS3({ store, faults, now, log, sleep }, req, res, requestUrl);
    if (path === "/") {
      if (req.method === "GET" && !requestUrl.searchParams.has("Action")) return sendLanding(res);
      return handleQuery({ store, faults, now, log, sleep, sns }, req, res, requestUrl);
    }
    if (path.startsWith(RESPONSE_PATH_PREFIX) && req.method === "PUT") {
      let body: Buffer;
      try {
        body = await readBody(req, 64 * 1024);
      } catch (err) {
        if (err instanceof BodyTooLargeError) return send(res, 413, "application/xml", "<Error><Code>EntityTooLarge</Code></Error>", {}, true);
        throw err;
      }
      const outcome = responses.put(path, requestUrl.searchParams, body.toString("utf8"));
      return send(res, outcome.status, "application/xml", outcome.body);
    }
    const signing = store.snsSigning;
    if (req.method === "GET" && signing && path === certificatePath(signing)) return send(res, 200, "application/x-pem-file", signing.certificatePem);
    if (path === "/favicon.ico") return send(res, 204, "image/x-icon", "");
    sendJsonError(res, 404, "NotFound", `Nothing at ${path}.`);
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    route(req, res).catch((err: unknown) => {
      log(`sandbox: unhandled error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJsonError(res, 500, "InternalFailure", "Internal error");
      else res.destroy();
    });
  });
  // Malformed HTTP never reaches a handler; answer it and keep serving.
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${urlHost(host)}:${address.port}`;
  log(`sandbox: listening on ${url}`);

  return {
    url,
    address,
    stsEndpoint: url,
    snsEndpoint: url,
    s3Endpoint: url,
    info,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        store.flush();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function sendLanding(res: ServerResponse): void {
  send(
    res,
    200,
    "text/plain; charset=utf-8",
    "Rolegate sandbox: a local AWS look-alike.\n" +
      "  STS Query API:  POST / (Action=AssumeRole | GetCallerIdentity, Version=2011-06-15)\n" +
      "  SNS Query API:  POST / (Action=CreateTopic | Subscribe | Publish | …, Version=2010-03-31)\n" +
      "  S3 REST API:    GET / (ListBuckets; path-style, signed for s3)\n" +
      "  Quick-create:   GET /cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=…\n" +
      "  Control API:    /_sandbox/info, /_sandbox/roles, /_sandbox/faults, /_sandbox/stacks, /_sandbox/organizations, /_sandbox/stacksets, /_sandbox/reset (loopback only)\n",
  );
}
