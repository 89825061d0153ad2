import { setMaxListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { userArn } from "./arn";
import { handleControl, type SandboxInfo } from "./control/routes";
import { FaultSet } from "./faults";
import { isLocalHostHeader, isLoopbackPeer, sendJsonError, send } from "./http/io";
import { handleQuickCreate } from "./quick-create/routes";
import { SandboxStore } from "./state/store";
import { handleSts } from "./sts/handler";

export type { SandboxInfo } from "./control/routes";

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the sandbox hands out credentials and should not be reachable from elsewhere. */
  host?: string;
  dataDir: string;
  partnerAccountId?: string;
  log?: (msg: string) => void;
}

export interface SandboxHandle {
  url: string;
  /** Where the socket is bound: `url` names loopback even for a wildcard bind. */
  address: AddressInfo;
  stsEndpoint: string;
  info(): SandboxInfo;
  close(): Promise<void>;
}

/** Starts the sandbox: STS on `/`, the control API on `/_sandbox/`, the quick-create console on `/cloudformation/`. */
export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const host = opts.host ?? "127.0.0.1";
  const partnerAccountId = opts.partnerAccountId ?? "111111111111";
  if (!/^\d{12}$/.test(partnerAccountId)) throw new Error(`partnerAccountId must be 12 digits, got "${partnerAccountId}"`);
  const log = opts.log ?? (() => {});
  const store = SandboxStore.open(opts.dataDir, partnerAccountId, log);
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
      return handleControl({ store, faults, info, now, log }, req, res, requestUrl);
    }
    if (path === "/cloudformation" || path.startsWith("/cloudformation/")) {
      return handleQuickCreate({ store, now, log, isLocal: local() }, req, res, requestUrl);
    }
    if (path === "/") {
      if (req.method === "GET" && !requestUrl.searchParams.has("Action")) return sendLanding(res);
      return handleSts({ store, faults, now, log, sleep }, req, res, requestUrl);
    }
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
    info,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
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
      "  Quick-create:   GET /cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=…\n" +
      "  Control API:    /_sandbox/info, /_sandbox/roles, /_sandbox/faults, /_sandbox/reset (loopback only)\n",
  );
}
