import { isUuid } from "./ids";

/**
 * Cursors of lists ordered by (a timestamp, id): the last row's timestamp as PostgreSQL printed it
 * (microseconds kept, so the next page starts exactly after it) and its id, as base64url JSON.
 * Anyone can send any cursor: what decodes is checked field by field, since PostgreSQL refuses a
 * `::timestamptz` cast of a date such as 2026-13-45 with an error rather than matching nothing.
 */

const TIMESTAMP = /^(\d{4,6})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})?[+-](\d\d)(?::(\d\d)){0,2}$/;

/** Whether a value is a timestamptz as PostgreSQL prints it, with every field in range. */
export function isTimestampText(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v.replace(".", ""))));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return year! >= 1 && month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 59 && offsetHours! <= 15 && offsetMinutes! <= 59;
}

/** A cursor for the row with this timestamp (as the database printed it) and id. */
export function encodeTimeCursor(timestamp: string, id: string): string {
  return Buffer.from(JSON.stringify([timestamp, id])).toString("base64url");
}

/** The [timestamp, id] of a cursor, or undefined for anything that is not one this module made. */
export function decodeTimeCursor(value: string | undefined): [string, string] | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && isTimestampText(parsed[0]) && isUuid(parsed[1])) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // not JSON: not a cursor
  }
  return undefined;
}
