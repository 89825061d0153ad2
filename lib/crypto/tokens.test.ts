import { describe, expect, it } from "vitest";
import { hashToken, isTokenShaped, newToken } from "./tokens";

describe("invite tokens", () => {
  it("are 256-bit URL-safe strings stored only as their SHA-256", () => {
    const { token, hash } = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
  });

  it("never repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken().token));
    expect(tokens.size).toBe(1000);
  });

  it("reject anything not shaped like one before any lookup", () => {
    expect(isTokenShaped(newToken().token)).toBe(true);
    for (const bad of ["", "abc", "x".repeat(44), "a".repeat(42) + "!", null, 42, ["a".repeat(43)], "../".repeat(15)]) {
      expect(isTokenShaped(bad)).toBe(false);
    }
  });
});
