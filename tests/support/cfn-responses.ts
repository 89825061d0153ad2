import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A PUT the stand-in received: the ResponseURL's path and query, its headers and its JSON body. */
export type ReceivedAnswer = { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> };

/**
 * A stand-in for CloudFormation's response endpoint (the sandbox's, in sandbox mode): records each
 * PUT, answers 200 the first time a URL is used and S3's 403 after that, or what `script` says for
 * the next PUTs to a path. Tests point SANDBOX_PORT at it, so its origin is the allowed one.
 */
export async function startResponseOrigin() {
  const received: ReceivedAnswer[] = [];
  const answered = new Set<string>();
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      const scripted = script.get(path.split("?")[0]!)?.shift();
      if (req.method !== "PUT") return res.writeHead(405).end();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        return res.writeHead(400).end();
      }
      received.push({ path, headers: req.headers, body });
      if (scripted !== undefined) return res.writeHead(scripted).end();
      if (answered.has(path)) return res.writeHead(403, { "content-type": "application/xml" }).end("<Error><Code>AccessDenied</Code></Error>");
      answered.add(path);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    /** The next PUTs to this ResponseURL's path get these statuses, in order. */
    script(responseUrl: string, statuses: number[]) {
      script.set(new URL(responseUrl).pathname, statuses);
    },
    /** The answers received for one request id. */
    answersTo(requestId: string) {
      return received.filter((r) => r.body.RequestId === requestId);
    },
    /** A ResponseURL of this origin, shaped as CloudFormation's presigned ones. */
    responseUrl(region = "us-east-1") {
      const key = encodeURIComponent(`arn:aws:cloudformation:${region}:stack/${randomUUID()}|Registration|${randomUUID()}`);
      return `${origin}/cloudformation-custom-resource-response-${region.replaceAll("-", "")}/${key}?X-Amz-Expires=7200&X-Amz-Signature=${randomUUID().replaceAll("-", "")}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
