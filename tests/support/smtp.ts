import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message the loopback SMTP server accepted: the envelope, the parsed message and its raw text. */
export type Received = { to: string[]; mail: ParsedMail; raw: string; user: string | undefined };

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it accepts. `refuse`
 * may answer a recipient with an SMTP error (e.g. 451 to simulate a server that defers). With
 * `auth`, only that user and password may send.
 */
export async function loopbackSmtp(options: { port?: number; auth?: { user: string; password: string }; refuse?: (to: string) => { code: number; message: string } | null } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) return callback(null, { user: auth.username });
      return callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuse?.(address.address);
      if (!refusal) return callback();
      return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail, raw, user: session.user as string | undefined });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    /** Messages to this address. */
    to: (address: string) => received.filter((r) => r.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (taken and released). */
export async function freePort(): Promise<number> {
  const probe = await loopbackSmtp();
  await probe.close();
  return probe.port;
}
