import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./index";

const KEY_ID = "ASIAQWERTYUIOPASDFGH";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(sink, "debug"), text: () => lines.join("") };
}

describe("the log", () => {
  it("redacts credential-shaped fields at any of the first three levels", () => {
    const { logger, text } = capture();
    logger.info({ password: "hunter2 hunter2", credentials: { AccessKeyId: KEY_ID }, result: { Credentials: { SecretAccessKey: SECRET } }, cookie: "next-auth.session-token=abc" }, "call");
    logger.info({ outer: { inner: { sessionToken: "FwoGZXIvYXdzEBYaD" } } }, "nested");
    const out = text();
    for (const value of ["hunter2", KEY_ID, SECRET, "session-token=abc", "FwoGZXIvYXdzEBYaD"]) expect(out).not.toContain(value);
    expect(out).toContain("[REDACTED]");
  });

  it("masks key material written into a message", () => {
    const { logger, text } = capture();
    logger.warn(`assumed with ${KEY_ID} and ${SECRET}`);
    const line = JSON.parse(text()) as { msg: string; level: string };
    expect(line.level).toBe("warn");
    expect(line.msg).toBe("assumed with [REDACTED] and [REDACTED]");
  });

  it("writes one JSON object per line, with what is safe kept", () => {
    const { logger, text } = capture();
    logger.info({ connectionId: "c-1", roleArn: "arn:aws:iam::123456789012:role/R" }, "verification");
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({ app: "rolegate", level: "info", connectionId: "c-1", roleArn: "arn:aws:iam::123456789012:role/R", msg: "verification" });
  });
});
