import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import type { UserViewer } from "@/lib/dal/viewer";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { cancelLeftovers, itemsOf, newConnections } from "@/tests/support/jobs";

// The action reads the viewer from the request's session; here the test decides who is calling.
const session = vi.hoisted(() => ({ viewer: null as UserViewer | null }));
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => session.viewer }));

const { startBulkVerificationAction } = await import("./start-bulk-verification");
const { MAX_SELECTION } = await import("@/lib/schemas/jobs");
const { countBulkScope } = await import("@/lib/dal/jobs");

let admin: UserViewer;
let member: UserViewer;
let ids: string[];
const started: string[] = [];

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  const org = await newOrganization(admin);
  member = await newMember(admin, org);
  ids = await newConnections(org, 3);
  await newConnections(org, 2, { status: "failed" });
});

afterAll(() => cancelLeftovers(started));

function form(scope: string, connectionIds: readonly string[] = []): FormData {
  const data = new FormData();
  data.set("scope", scope);
  for (const id of connectionIds) data.append("connectionId", id);
  return data;
}

/** Runs the action; a redirect (how it succeeds) comes back as its location. */
async function submit(data: FormData): Promise<{ redirect?: string; message?: string; fieldErrors?: Record<string, string[] | undefined> }> {
  try {
    return await startBulkVerificationAction({}, data);
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return { redirect: digest.split(";")[2] };
  }
}

describe("startBulkVerificationAction", () => {
  it("creates the job with one item per selected connection and goes to its page", async () => {
    session.viewer = admin;
    const result = await submit(form("selection", ids));
    expect(result.redirect).toMatch(/^\/admin\/jobs\/[0-9a-f-]{36}$/);
    const jobId = result.redirect!.split("/").pop()!;
    started.push(jobId);
    expect(new Set((await itemsOf(jobId)).map((i) => i.connectionId))).toEqual(new Set(ids));
  });

  it("refuses bad input with a message on the field, before anything else", async () => {
    session.viewer = admin;
    expect((await submit(form("everything"))).fieldErrors?.scope).toBeDefined();
    expect((await submit(form("selection"))).fieldErrors?.connectionId?.[0]).toMatch(/at least one/);
    expect((await submit(form("selection", ["1; drop table jobs"]))).fieldErrors?.connectionId?.[0]).toBe("Unknown connection.");
    const tooMany = Array.from({ length: MAX_SELECTION + 1 }, () => crypto.randomUUID());
    expect((await submit(form("selection", tooMany))).fieldErrors?.connectionId?.[0]).toMatch(/at most 5,000/);
  });

  it("asks before a job over every failed connection or every connection: its exact size and least time, and starts nothing yet", async () => {
    session.viewer = admin;
    const jobsBefore = await getDb().select({ id: jobs.id }).from(jobs).where(eq(jobs.createdBy, admin.userId));
    for (const scope of ["failed", "all"] as const) {
      for (const confirmed of [undefined, "no", "YES"]) {
        const data = form(scope);
        if (confirmed) data.set("confirmed", confirmed);
        const result = (await startBulkVerificationAction({}, data)) as { data?: { scope: string; count: number; seconds: number } };
        expect(result.data?.scope).toBe(scope);
        // Other test files may add connections meanwhile on a shared database: the count is at least this file's own.
        expect(result.data!.count).toBeGreaterThanOrEqual(scope === "failed" ? 2 : ids.length + 2);
        expect(result.data?.seconds).toBe(Math.ceil(result.data!.count / 120)); // 480 STS calls a second, 4 a verification
      }
    }
    // This file's own connections are in "all" (they are pending): the count covers every organisation.
    expect(await countBulkScope(admin, "all")).toBeGreaterThanOrEqual(ids.length);
    expect(await getDb().select({ id: jobs.id }).from(jobs).where(eq(jobs.createdBy, admin.userId))).toEqual(jobsBefore);
  });

  it("refuses members and signed-out callers, and starts nothing", async () => {
    for (const viewer of [member, null]) {
      session.viewer = viewer;
      for (const data of [form("selection", ids), form("all"), form("failed")]) {
        const result = await submit(data);
        expect(result.redirect).toBeUndefined();
        expect(result.message).toMatch(viewer ? /not allowed/ : /session has ended/);
      }
    }
    expect(await getDb().select().from(jobs).where(eq(jobs.createdBy, member.userId))).toEqual([]);
  });
});
