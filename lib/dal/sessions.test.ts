import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { endedSessions } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { endSession } from "./sessions";
import { authenticate, changePassword, loadViewer } from "./users";

beforeAll(setupDatabase);

const inAnHour = () => new Date(Date.now() + 3600_000);

describe("sessions and password changes", () => {
  it("a password change ends every session that began before it; sessions begun after it go on", async () => {
    const admin = await newAdmin();
    const member = await newMember(admin, await newOrganization(admin));
    const signedIn = (await authenticate(member.email, "correct horse battery"))!;
    expect(signedIn.sessionVersion).toBe(0);
    expect(await loadViewer(member.userId, { version: signedIn.sessionVersion })).toMatchObject({ userId: member.userId, role: "member" });

    const version = await changePassword(member, "correct horse battery", "a new long password 1");
    expect(version).toBe(1);
    expect(await loadViewer(member.userId, { version: signedIn.sessionVersion }), "a session from before the change").toBeNull();
    expect(await loadViewer(member.userId, { version })).toMatchObject({ userId: member.userId });
    expect((await authenticate(member.email, "a new long password 1"))?.sessionVersion).toBe(1);

    await changePassword(member, "a new long password 1", "and another one 22");
    expect(await loadViewer(member.userId, { version })).toBeNull();
    expect(await loadViewer(member.userId, { version: 2 })).not.toBeNull();
  });

  it("a refused change (wrong current password) ends nothing", async () => {
    const admin = await newAdmin();
    await expect(changePassword(admin, "not the password", "a new long password 1")).rejects.toThrow("The current password is wrong.");
    expect(await loadViewer(admin.userId, { version: 0 })).not.toBeNull();
  });

  it("session claims that are not well formed read as signed out", async () => {
    const admin = await newAdmin();
    for (const version of [Number.NaN, 0.5, Number.POSITIVE_INFINITY, 2 ** 60]) expect(await loadViewer(admin.userId, { version })).toBeNull();
    for (const id of ["", "not-a-uuid", `${randomUUID()}'`]) expect(await loadViewer(admin.userId, { id })).toBeNull();
  });
});

describe("signing out", () => {
  it("ends that session only: the account's other sessions go on", async () => {
    const admin = await newAdmin();
    const [mine, other] = [randomUUID(), randomUUID()];
    expect(await loadViewer(admin.userId, { id: mine })).not.toBeNull();
    await endSession(mine, inAnHour());
    expect(await loadViewer(admin.userId, { id: mine })).toBeNull();
    expect(await loadViewer(admin.userId, { id: other })).not.toBeNull();
    await endSession(mine, inAnHour()); // signing out twice is no error
    expect(await loadViewer(admin.userId, { id: mine })).toBeNull();
  });

  it("forgets sessions that have expired anyway, and ignores ids that are not session ids", async () => {
    const expired = randomUUID();
    await getDb().insert(endedSessions).values({ sessionId: expired, expiresAt: new Date(Date.now() - 1000) });
    await endSession(randomUUID(), inAnHour());
    expect(await getDb().select().from(endedSessions).where(eq(endedSessions.sessionId, expired))).toEqual([]);
    await expect(endSession("not-a-uuid", inAnHour())).resolves.toBeUndefined();
    await expect(endSession(randomUUID(), new Date(Number.NaN))).resolves.toBeUndefined();
  });
});
