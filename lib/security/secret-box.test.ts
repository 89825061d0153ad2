import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

describe("secret box", () => {
  it("gives back what it sealed, and never stores it in the clear", () => {
    const sealed = sealSecret("whsec_c2VjcmV0LXNpZ25pbmcta2V5", "webhook");
    expect(sealed).not.toContain("whsec_");
    expect(sealed).not.toContain("c2VjcmV0");
    expect(openSecret(sealed, "webhook")).toBe("whsec_c2VjcmV0LXNpZ25pbmcta2V5");
  });

  it("seals the same secret differently each time", () => {
    expect(sealSecret("same", "webhook")).not.toBe(sealSecret("same", "webhook"));
  });

  it("refuses a sealed secret that was altered or sealed for another purpose", () => {
    const sealed = sealSecret("whsec_abc", "webhook");
    const [v, iv, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openSecret([v, iv, flipped.toString("base64url")].join("."), "webhook")).toThrow();
    expect(() => openSecret(sealed, "other")).toThrow();
    expect(() => openSecret("not sealed", "webhook")).toThrow();
  });
});
