import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, string>;
}

/**
 * An HTTP endpoint standing in for a subscriber (Rolegate's /api/aws/sns): it
 * records every POST and answers with what `answer` says (200 by default).
 */
export async function startReceiver(answer: (message: Received, index: number) => number | Promise<number> = () => 200) {
  const received: Received[] = [];
  const answered: Received[] = [];
  const waiters: { test: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const message = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string> };
      received.push(message);
      void Promise.resolve(answer(message, received.length - 1)).then((status) => {
        res.writeHead(status).end();
        if (status >= 200 && status < 300) {
          answered.push(message);
          for (const waiter of waiters.filter((w) => w.test(message))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`;
  return {
    url,
    received,
    /** The next successfully answered message of this type (or one already received). */
    next(type: string, extra: (m: Received) => boolean = () => true): Promise<Received> {
      const test = (m: Received) => m.body.Type === type && extra(m);
      const already = answered.find(test);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} received`)), 10_000);
        waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const SIGNED = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  Confirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

/** AWS's string to sign, written out here from AWS's documentation (not the sandbox's code) so the test can fail. */
export function documentedStringToSign(body: Record<string, string>): string {
  const fields = body.Type === "Notification" ? SIGNED.Notification : SIGNED.Confirmation;
  return fields.filter((f) => body[f] !== undefined).map((f) => `${f}\n${body[f]}\n`).join("");
}
