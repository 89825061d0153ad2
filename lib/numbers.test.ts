import { describe, expect, it } from "vitest";
import { counted, formatCount, formatCountUpTo } from "./numbers";

describe("numbers and counted words", () => {
  it("groups thousands and makes the noun agree", () => {
    expect(formatCount(20008)).toBe("20,008");
    expect(formatCount(0)).toBe("0");
    expect(counted(1, "connection")).toBe("1 connection");
    expect(counted(0, "connection")).toBe("0 connections");
    expect(counted(20008, "organisation")).toBe("20,008 organisations");
    expect(counted(2, "match", "matches")).toBe("2 matches");
  });

  it("says a count that stopped at its limit is past it", () => {
    expect(formatCountUpTo(10_000, 10_000)).toBe("10,000");
    expect(formatCountUpTo(10_001, 10_000)).toBe("10,000+");
    expect(formatCountUpTo(7, 10_000)).toBe("7");
  });
});
