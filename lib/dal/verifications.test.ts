import { describe, expect, it } from "vitest";
import { isFresh } from "./verifications";

const now = new Date("2026-01-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("isFresh", () => {
  it("waits for IAM on a connection added under an hour ago and never verified", () => {
    expect(isFresh({ createdAt: minutesAgo(0), lastVerifiedAt: null }, now)).toBe(true);
    expect(isFresh({ createdAt: minutesAgo(59.9), lastVerifiedAt: null }, now)).toBe(true);
  });

  it("does not wait once an hour has passed or the role was verified", () => {
    expect(isFresh({ createdAt: minutesAgo(60), lastVerifiedAt: null }, now)).toBe(false);
    expect(isFresh({ createdAt: minutesAgo(5), lastVerifiedAt: minutesAgo(1) }, now)).toBe(false);
  });
});
