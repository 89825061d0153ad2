import { beforeAll, describe, expect, it } from "vitest";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { authenticate, changePassword, loadViewer } from "./users";

beforeAll(setupDatabase);

describe("sessions and password changes", () => {
  it("a password change ends every session that began before it; sessions begun after it go on", async () => {
    const admin = await newAdmin();
    const member = await newMember(admin, await newOrganization(admin));
    const signedIn = (await authenticate(member.email, "correct horse battery"))!;
    expect(signedIn.sessionVersion).toBe(0);
    expect(await loadViewer(member.userId, signedIn.sessionVersion)).toMatchObject({ userId: member.userId, role: "member" });

    const version = await changePassword(member, "correct horse battery", "a new long password 1");
    expect(version).toBe(1);
    expect(await loadViewer(member.userId, signedIn.sessionVersion), "a session from before the change").toBeNull();
    expect(await loadViewer(member.userId, version)).toMatchObject({ userId: member.userId });
    expect((await authenticate(member.email, "a new long password 1"))?.sessionVersion).toBe(1);

    await changePassword(member, "a new long password 1", "and another one 22");
    expect(await loadViewer(member.userId, version)).toBeNull();
    expect(await loadViewer(member.userId, 2)).not.toBeNull();
  });

  it("a refused change (wrong current password) ends nothing", async () => {
    const admin = await newAdmin();
    await expect(changePassword(admin, "not the password", "a new long password 1")).rejects.toThrow("The current password is wrong.");
    expect(await loadViewer(admin.userId, 0)).not.toBeNull();
  });

  it("a session version that is not a whole number reads as signed out", async () => {
    const admin = await newAdmin();
    for (const bad of [Number.NaN, 0.5, Number.POSITIVE_INFINITY, 2 ** 60]) expect(await loadViewer(admin.userId, bad)).toBeNull();
  });
});
