import { createRequire } from "node:module";

/**
 * Server actions as an attacker calls them: arguments encoded by React's own client encoder (what
 * the browser sends), and the RSC answer read without a browser. Node has the web streams,
 * FormData and TextEncoder that the edge build of React's client needs.
 */

type FlightClient = { encodeReply(value: unknown): Promise<string | FormData> };
const flight = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.edge.js") as FlightClient;

/** The body React sends for these arguments: a FormData when they hold one, else a JSON string. */
export function encodeArgs(args: unknown[]): Promise<string | FormData> {
  return flight.encodeReply(args);
}

/**
 * The rows of an RSC payload by id. A row is `id:JSON\n`, or `id:T<hex length>,<bytes>` for text
 * (which may hold newlines); lengths count UTF-8 bytes, hence the Buffer.
 */
export function rscRows(payload: string): Map<string, string> {
  const bytes = Buffer.from(payload, "utf8");
  const rows = new Map<string, string>();
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon < 0) break;
    const id = bytes.subarray(at, colon).toString();
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      const length = parseInt(bytes.subarray(colon + 2, comma).toString(), 16);
      rows.set(id, bytes.subarray(comma + 1, comma + 1 + length).toString());
      at = comma + 1 + length;
      continue;
    }
    const newline = bytes.indexOf(0x0a, colon);
    const end = newline < 0 ? bytes.length : newline;
    // A stream row's id repeats (one per chunk): keep them all, newline-separated.
    const previous = rows.get(id);
    const text = bytes.subarray(colon + 1, end).toString();
    rows.set(id, previous === undefined ? text : `${previous}\n${text}`);
    at = end + 1;
  }
  return rows;
}

/** What a server action returned: its value, the chunks of a returned stream, or the error Next.js sent. */
export type ActionOutcome = { value?: unknown; stream?: unknown[]; error?: unknown };

/** Reads the action's return value from the payload: row 0 names it (`"a":"$@<row>"`). */
export function actionOutcome(payload: string): ActionOutcome {
  const rows = rscRows(payload);
  const root = rows.get("0");
  if (!root) return {};
  const ref = (JSON.parse(root) as { a?: unknown }).a;
  if (typeof ref !== "string" || !ref.startsWith("$@")) return {};
  const row = rows.get(ref.slice(2));
  if (row === undefined) return {};
  if (row.startsWith("E")) return { error: JSON.parse(row.slice(1)) };
  const value: unknown = JSON.parse(row.split("\n")[0]!);
  // A returned ReadableStream is `"$<row>"`, whose row holds `R`, one JSON chunk per line, then `C`.
  if (typeof value === "string" && /^\$[0-9a-f]+$/.test(value)) {
    const chunks = (rows.get(value.slice(1)) ?? "").split("\n").filter((line) => line !== "R" && line !== "C");
    return { stream: chunks.map((line) => JSON.parse(line) as unknown) };
  }
  return { value };
}
