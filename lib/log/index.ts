import pino, { type Logger } from "pino";
import { getConfig } from "@/lib/config";

/**
 * Field names whose values are never written to a log, wherever they appear.
 * Credentials should never reach a logger at all; this is the second line of defence.
 */
export const REDACTED_PATHS = [
  "password",
  "newPassword",
  "passwordHash",
  "token",
  "secret",
  "secretAccessKey",
  "accessKeyId",
  "sessionToken",
  "SecretAccessKey",
  "AccessKeyId",
  "SessionToken",
  "Credentials",
  "credentials",
  "authorization",
  "cookie",
].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Strings shaped like AWS key material, masked even inside free text. */
const KEY_MATERIAL = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g;

/** Masks AWS-key-shaped substrings in a message. */
export function maskKeyMaterial(text: string): string {
  return text.replace(KEY_MATERIAL, "[REDACTED]");
}

function create(): Logger {
  const { log } = getConfig();
  const streams: pino.StreamEntry[] = [{ stream: pino.destination({ dest: 1, sync: false }) }];
  if (log.file) streams.push({ stream: pino.destination({ dest: log.file, mkdir: true, sync: false }) });
  return createLogger(pino.multistream(streams), log.level);
}

/** A logger with Rolegate's redaction, writing JSON lines to `destination`. */
export function createLogger(destination: pino.DestinationStream, level = "info"): Logger {
  return pino(
    {
      level,
      base: { app: "rolegate" },
      redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? maskKeyMaterial(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const globalForLog = globalThis as unknown as { rolegateLog?: Logger };

/** The process's structured logger (pino), created on first use. */
export function logger(): Logger {
  globalForLog.rolegateLog ??= create();
  return globalForLog.rolegateLog;
}
