import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSession, encodeSession, readSession, sessionTokenFrom } from "./session-token";

const secret = "a-session-secret-of-some-length-0123456789";
const claims = { sub: "user-1", sv: 3, sid: "session-1", at: 1_700_000_000_000, email: "a@example.test" };

describe("session tokens", () => {
  it("reads a token next-auth wrote, and next-auth reads one written here: cookies survive either way", async () => {
    expect(await decodeSession({ token: await encode({ token: claims, secret, maxAge: 60 }), secret })).toMatchObject(claims);
    const ours = await encodeSession({ token: claims, secret, maxAge: 60 });
    expect(await decode({ token: ours, secret })).toMatchObject({ ...claims, jti: expect.any(String) });
  });

  it("gives a token its lifetime and a fresh id each time", async () => {
    const before = Math.floor(Date.now() / 1000);
    const [a, b] = await Promise.all([encodeSession({ token: claims, secret, maxAge: 600 }), encodeSession({ token: claims, secret, maxAge: 600 })]);
    const [da, db] = [(await decodeSession({ token: a, secret }))!, (await decodeSession({ token: b, secret }))!];
    expect(da.exp).toBeGreaterThanOrEqual(before + 600);
    expect(da.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(da.jti).not.toBe(db.jti);
  });

  it("keeps a salt's key apart from the unsalted one", async () => {
    const salted = await encodeSession({ token: claims, secret, salt: "next-auth.session-token", maxAge: 60 });
    expect(await decode({ token: salted, secret, salt: "next-auth.session-token" })).toMatchObject(claims);
    await expect(decodeSession({ token: salted, secret })).rejects.toThrow();
  });

  it("refuses a token made with another secret, a tampered one and an expired one", async () => {
    const other = await encode({ token: claims, secret: "another-secret-another-secret-0123456789", maxAge: 60 });
    await expect(decodeSession({ token: other, secret })).rejects.toThrow();
    const token = await encodeSession({ token: claims, secret, maxAge: 60 });
    const parts = token.split(".");
    parts[3] = parts[3]!.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    await expect(decodeSession({ token: parts.join("."), secret })).rejects.toThrow();
    const expired = await encodeSession({ token: claims, secret, maxAge: -60 }); // past the 15 s of clock tolerance
    await expect(decodeSession({ token: expired, secret })).rejects.toThrow();
    expect(await decodeSession({ token: "", secret })).toBeNull();
  });

  it("reads the session from its cookie, whole or in next-auth's chunks, and nothing from any other cookie", () => {
    const name = "next-auth.session-token";
    expect(sessionTokenFrom([{ name: "other", value: "x" }, { name, value: "whole" }], name)).toBe("whole");
    expect(sessionTokenFrom([{ name: `${name}.1`, value: "b" }, { name: `${name}.0`, value: "a" }, { name: `${name}.x`, value: "?" }], name)).toBe("ab");
    expect(sessionTokenFrom([{ name: `__Secure-${name}`, value: "x" }, { name: `${name}-fake`, value: "y" }], name)).toBeUndefined();
  });

  it("reads a session as nobody's when its token is missing, forged or expired, never throwing", async () => {
    expect(await readSession(await encodeSession({ token: claims, secret, maxAge: 60 }), secret)).toMatchObject(claims);
    expect(await readSession(undefined, secret)).toBeNull();
    expect(await readSession("not.a.token.at.all", secret)).toBeNull();
    expect(await readSession(await encode({ token: claims, secret: "s".repeat(40), maxAge: 60 }), secret)).toBeNull();
    expect(await readSession(await encodeSession({ token: claims, secret, maxAge: -60 }), secret)).toBeNull();
  });
});
