import { describe, expect, it } from "vitest";
import { SSO_CONFIRM_WINDOW_MS, ssoConfirmation } from "./identity-check";

describe("confirming a dangerous action after single sign-on", () => {
  const now = Date.parse("2031-01-01T12:00:00Z");
  it("takes a sign-in of the last few minutes, and asks for a new one after", () => {
    expect(ssoConfirmation({ signedInWith: "sso", signedInAt: now - 1000 }, now)).toEqual({ fresh: true });
    expect(ssoConfirmation({ signedInWith: "sso", signedInAt: now - SSO_CONFIRM_WINDOW_MS }, now)).toEqual({ fresh: true });
    expect(ssoConfirmation({ signedInWith: "sso", signedInAt: now - SSO_CONFIRM_WINDOW_MS - 1 }, now)).toEqual({ fresh: false });
  });
  it("never takes a sign-in of unknown or future time, and has nothing to say of password sessions", () => {
    expect(ssoConfirmation({ signedInWith: "sso" }, now)).toEqual({ fresh: false });
    expect(ssoConfirmation({ signedInWith: "sso", signedInAt: now + 60_000 }, now)).toEqual({ fresh: false });
    expect(ssoConfirmation({ signedInWith: "password", signedInAt: now }, now)).toBeNull();
  });
});
