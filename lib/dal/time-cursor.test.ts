import { describe, expect, it } from "vitest";
import { decodeTimeCursor, encodeTimeCursor, isTimestampText } from "./time-cursor";

const id = "3f0c2b9e-6a51-4c47-9d4e-2b1f8c0d7a15";

describe("timestamp cursors", () => {
  it("round-trip what the database prints, microseconds and offsets kept", () => {
    for (const t of ["2026-12-04 11:53:58.793412+00", "2024-02-29 00:00:00+05:30", "1999-12-31 23:59:59.5-08"]) {
      expect(decodeTimeCursor(encodeTimeCursor(t, id))).toEqual([t, id]);
    }
  });

  it("refuse dates the database would refuse to cast, rather than let the query fail", () => {
    for (const t of ["2026-13-45 25:61:61+00", "2025-02-29 00:00:00+00", "2026-04-31 00:00:00+00", "0000-01-01 00:00:00+00", "2026-01-01 24:00:00+00", "2026-01-01 00:00:00+16"]) {
      expect(isTimestampText(t), t).toBe(false);
      expect(decodeTimeCursor(encodeTimeCursor(t, id)), t).toBeUndefined();
    }
  });

  it("refuse anything else", () => {
    for (const v of ["", "x", Buffer.from("[1,2]").toString("base64url"), Buffer.from(JSON.stringify(["2026-01-01 00:00:00+00", "nope"])).toString("base64url")]) {
      expect(decodeTimeCursor(v)).toBeUndefined();
    }
  });
});
