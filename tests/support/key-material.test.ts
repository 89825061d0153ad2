import { describe, expect, it } from "vitest";
import { findKeyMaterial } from "./key-material";

describe("the key-material scan", () => {
  it("finds access key ids, session tokens, credential fields and known secrets", () => {
    expect(findKeyMaterial("id ASIAABCDEFGHIJKLMNOP here")).toHaveLength(1);
    expect(findKeyMaterial("AKIAABCDEFGHIJKLMNOP")).toHaveLength(1);
    expect(findKeyMaterial("token RGSB1.eyJhbGciOiJIUzI1NiJ9abcdefg.sig")).toHaveLength(1);
    expect(findKeyMaterial('{"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}').length).toBeGreaterThan(0);
    expect(findKeyMaterial("…nGIcOe7XDmA31z7Wlc…", ["nGIcOe7XDmA31z7Wlc"])).toHaveLength(1);
  });

  it("finds Rolegate's API keys and webhook signing secrets, which are stored only hashed or sealed", () => {
    expect(findKeyMaterial("Bearer rgk_3Iv3jUssfhGxaV4dTXsCbyDVYRkOmIohTOQZ8ezoyg4")).toHaveLength(1);
    expect(findKeyMaterial('"secret":"whsec_f0A/jhc3C9Md7i/t7N5thrq87LxYGwaDyju+RIPYkqM="')).toHaveLength(1);
    expect(findKeyMaterial('"prefix":"rgk_3Iv3jUss"')).toEqual([]);
  });

  it("passes clean text and redacted fields", () => {
    expect(findKeyMaterial('{"status":"verified","requestId":"5f0c3a1e-1b2c-4d5e-8f90-1234567890ab"}')).toEqual([]);
    expect(findKeyMaterial('{"secretAccessKey":"[REDACTED]"}')).toEqual([]);
    expect(findKeyMaterial("arn:aws:iam::123456789012:role/RolegateAccess")).toEqual([]);
  });
});
