import { beforeAll, describe, expect, it } from "vitest";
import { setupDatabase, uniqueEmail } from "@/tests/support/db";
import { authenticate, changePassword, ensureFirstAdmin } from "./users";

beforeAll(setupDatabase);

describe("the first admin", () => {
  it("is created from ADMIN_EMAIL/ADMIN_PASSWORD once, and never overwritten", async () => {
    const email = uniqueEmail("ops");
    expect(await ensureFirstAdmin({ email, password: "configured password 1" })).toEqual({ created: true, email });
    const admin = await authenticate(email, "configured password 1");
    expect(admin).toMatchObject({ role: "admin", organizationId: null, passwordChangeRequired: false });
    await changePassword(admin!, "configured password 1", "changed password 22");
    expect(await ensureFirstAdmin({ email, password: "configured password 1" })).toEqual({ created: false });
    expect(await authenticate(email, "configured password 1")).toBeNull();
    expect(await authenticate(email, "changed password 22")).not.toBeNull();
  });

  it("gets no random password once an admin exists", async () => {
    await ensureFirstAdmin({ email: uniqueEmail("ops"), password: "configured password 1" });
    expect(await ensureFirstAdmin({})).toEqual({ created: false });
  });
});
