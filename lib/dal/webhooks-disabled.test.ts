import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { webhookEndpoints } from "@/lib/db/schema";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { isDalError } from "./errors";
import type { UserViewer } from "./viewer";
import { countDisabledWebhookEndpoints, createWebhookEndpoint, enableWebhookEndpoint } from "./webhooks";

let admin: UserViewer;
let member: UserViewer;

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  member = await newMember(admin, await newOrganization(admin));
});

describe("disabled webhook endpoints, as the dashboard counts them", () => {
  it("counts endpoints disabled for failing, until they are re-enabled", async () => {
    const before = await countDisabledWebhookEndpoints(admin);
    // A public address as a literal: no DNS lookup in a unit test.
    const endpoint = await createWebhookEndpoint(admin, { url: "https://93.184.215.14/hooks", events: ["*"] });
    expect(await countDisabledWebhookEndpoints(admin)).toBe(before);
    await getDb().update(webhookEndpoints).set({ enabled: false, disabledAt: new Date(), disabledReason: "Every delivery failed for 5 days." }).where(eq(webhookEndpoints.id, endpoint.id));
    expect(await countDisabledWebhookEndpoints(admin)).toBe(before + 1);
    await enableWebhookEndpoint(admin, endpoint.id);
    expect(await countDisabledWebhookEndpoints(admin)).toBe(before);
  });

  it("are counted for partner admins only", async () => {
    await expect(countDisabledWebhookEndpoints(member)).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
  });
});
