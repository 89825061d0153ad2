import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { connections, verifications } from "@/lib/db/schema";
import { registrationTokenFor } from "@/lib/dal/registration-tokens";
import type { Viewer } from "@/lib/dal/viewer";
import { externalIdOf, type FaultSandbox, startFaultSandbox } from "@/tests/faults/support";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { accountId } from "@/tests/support/jobs";
import { receiveCustomResourceRequest } from "./custom-resource";
import { RegistrationWorker } from "./worker";

// The real path: the live check through the AWS SDK against the sandbox's STS and IAM trust policies.
// The answers are caught before they leave (this sandbox has no CloudFormation response endpoint).
let sandbox: FaultSandbox;
let admin: Viewer;
let org: string;
let worker: RegistrationWorker;
const answers: { url: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  sandbox = await startFaultSandbox();
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  worker = new RegistrationWorker(
    { pollMs: 20 },
    {
      target: () => ({ mode: "sandbox", sandboxUrl: sandbox.url }),
      put: async (url, body) => {
        answers.push({ url: url.href, body: JSON.parse(body) as Record<string, unknown> });
        return { ok: true, statusCode: 200, error: null };
      },
    },
  ).start();
});

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
});

describe("a registration against the sandbox's STS", () => {
  it("verifies the role the stack created and answers SUCCESS", async () => {
    const externalId = await externalIdOf(admin, org);
    const account = accountId();
    const roleArn = await sandbox.role(externalId, "RolegateAccess", account);
    const topicArn = "arn:aws:sns:us-east-1:111122223333:rolegate-registration";
    const requestId = randomUUID();
    const message = {
      RequestType: "Create",
      ServiceToken: topicArn,
      ResponseURL: `${sandbox.url}/cloudformation-custom-resource-response-useast1/${randomUUID()}?X-Amz-Signature=x`,
      StackId: `arn:aws:cloudformation:us-east-1:${account}:stack/RolegateAccess/${randomUUID()}`,
      RequestId: requestId,
      LogicalResourceId: "Registration",
      ResourceType: "Custom::RolegateRegistration",
      ResourceProperties: { ServiceToken: topicArn, RoleArn: roleArn, AccountId: account, Region: "us-east-1", ExternalId: externalId, RegistrationToken: await registrationTokenFor(admin, org) },
    };
    const received = await receiveCustomResourceRequest({ messageId: randomUUID(), topicArn, region: "us-east-1", timestamp: new Date().toISOString(), message: JSON.stringify(message) });
    expect(received).toEqual({ ok: true });
    await vi.waitFor(() => expect(answers.find((a) => a.body.RequestId === requestId)).toBeDefined(), { timeout: 60_000, interval: 50 });
    const [connection] = await getDb().select().from(connections).where(eq(connections.roleArn, roleArn));
    expect(answers.find((a) => a.body.RequestId === requestId)?.body).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: connection!.id });
    const [history] = await getDb().select().from(verifications).where(eq(verifications.connectionId, connection!.id));
    expect(history).toMatchObject({ trigger: "registration", status: "verified" });
    // Every check ran against the sandbox: the refusals without and with a wrong External ID, and the S3 permission probe.
    expect((history!.checks as { id: string; state: string }[]).map((c) => [c.id, c.state])).toEqual([
      ["assume-role", "passed"],
      ["caller-identity", "passed"],
      ["no-external-id-denied", "passed"],
      ["wrong-external-id-denied", "passed"],
      ["permissions", "passed"],
    ]);
  });
});
