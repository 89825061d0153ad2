import { describe, expect, it } from "vitest";
import type { UserViewer } from "@/lib/dal/viewer";
import { pendingAccountStep } from "./pending-step";

const viewer = (over: Partial<UserViewer>): UserViewer => ({
  userId: "00000000-0000-4000-8000-000000000001",
  email: "a@example.test",
  name: "A",
  role: "admin",
  organizationId: null,
  passwordChangeRequired: false,
  mfaEnabled: false,
  signedInWith: "password",
  ...over,
});

describe("what a viewer must do first", () => {
  it("holds an admin without two-factor authentication where it is required, and no one else", () => {
    expect(pendingAccountStep(viewer({}), true)).toBe("mfa");
    expect(pendingAccountStep(viewer({ mfaEnabled: true }), true)).toBeNull();
    expect(pendingAccountStep(viewer({}), false)).toBeNull();
    // Members are not held: customers choose for themselves.
    expect(pendingAccountStep(viewer({ role: "member", organizationId: "00000000-0000-4000-8000-000000000002" }), true)).toBeNull();
    // A one-time password is replaced first, before enrolment.
    expect(pendingAccountStep(viewer({ passwordChangeRequired: true }), true)).toBe("password");
  });

  it("holds no session signed in by single sign-on: its second factor is the identity provider's", () => {
    expect(pendingAccountStep(viewer({ signedInWith: "sso" }), true)).toBeNull();
    expect(pendingAccountStep(viewer({ signedInWith: "sso", passwordChangeRequired: true }), true)).toBeNull();
  });
});
