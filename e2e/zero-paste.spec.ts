import { newKey } from "./support/api-keys";
import { adminApi } from "./support/api-session";
import { eventMark, eventsAbout, partnerApi, type Connection, type PartnerClient } from "./support/api-client";
import { createStack, customerAccountId, deleteStack } from "./support/sandbox";
import { customerSession, e2e, expect, test, unique } from "./fixtures";

// Zero-paste onboarding as a customer and a partner's backend meet it: the role stack registers
// itself through the partner's SNS topic (the sandbox's SNS and CloudFormation custom resources,
// the real SDK and signatures), Rolegate verifies the role and answers CloudFormation, and the
// customer's page follows without a paste. Stack deletion disconnects; bad tokens fail the stack.

type Launch = { quickCreateUrl: string; templateUrl: string; stackName: string; parameters: Record<string, string> };

let api: PartnerClient;
test.beforeAll(async () => {
  const admin = await adminApi();
  api = await partnerApi((await newKey(admin, "write", "zero-paste")).key);
  await admin.dispose();
});
test.afterAll(async () => api?.dispose());

async function organization(): Promise<{ id: string; externalId: string }> {
  return (await api.post<{ id: string; externalId: string }>("/organizations", { name: unique("Zero Paste") })).body;
}

async function launchOf(organizationId: string, region = "us-east-1"): Promise<Launch> {
  // The topics are set up in the background after the server starts: until then the link is the manual one.
  let launch: Launch | undefined;
  await expect(async () => {
    const response = await api.get<Launch>(`/organizations/${organizationId}/launch?region=${region}`);
    expect(response.status).toBe(200);
    launch = response.body;
    expect(launch.parameters.RegistrationToken).toMatch(/^rgr_/);
  }).toPass({ timeout: 30_000 });
  return launch!;
}

async function connectionsOf(organizationId: string): Promise<Connection[]> {
  return (await api.get<{ data: Connection[] }>(`/connections?organizationId=${organizationId}`)).body.data;
}

test("invite → Launch stack → Create stack → verified, with no paste and at most 6 actions", async ({ admin, browser }) => {
  const orgId = await admin.createOrganization(unique("Hooli"));
  await launchOf(orgId); // registration is ready
  const link = await admin.invite(`${unique("gavin")}@customer.test`);
  const { context, page } = await customerSession(browser, link, "Gavin");
  await page.goto("/onboarding");

  const actions = { clicks: 0, fields: 0, pastes: 0, tabSwitches: 0 };
  const [aws] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Launch stack" }).click()]);
  actions.clicks++;
  await expect(page.getByText("Waiting for your stack…")).toBeVisible();
  const accountId = await aws.getByLabel("Customer AWS account ID").inputValue();
  await aws.getByRole("checkbox", { name: /I acknowledge/ }).check();
  actions.clicks++;
  await aws.getByRole("button", { name: "Create stack" }).click();
  actions.clicks++;
  await expect(aws.getByRole("region", { name: "Stack info" })).toContainText("CREATE_COMPLETE", { timeout: 30_000 });

  await page.bringToFront();
  actions.tabSwitches++;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`AWS account ${accountId} is connected`, { timeout: 30_000 });
  const total = actions.clicks + actions.fields + actions.pastes + actions.tabSwitches;
  console.log(`zero-paste path: ${total} actions (${JSON.stringify(actions)})`);
  expect(actions.pastes).toBe(0);
  expect(total).toBeLessThanOrEqual(6);

  // The partner sees it verified, registered by the stack.
  const [connection] = await connectionsOf(orgId);
  expect(connection).toMatchObject({ accountId, status: "verified" });

  // Deleting the stack from its page disconnects the account, and the partner hears of it.
  const mark = await eventMark(api);
  await aws.bringToFront();
  await aws.getByRole("button", { name: "Delete stack" }).click();
  await expect(aws.getByRole("region", { name: "Stack info" })).toContainText("DELETE_COMPLETE", { timeout: 30_000 });
  const events = await eventsAbout(api, mark, [connection!.id], (e) => e.some((x) => x.type === "connection.disconnected"));
  expect(events.map((e) => e.type)).toContain("connection.disconnected");
  expect((await api.get<Connection>(`/connections/${connection!.id}`)).body.status).toBe("disconnected");
  await context.close();
});

test("the partner's backend gets the launch link from the API; a stack created with it registers in another region too", async () => {
  const org = await organization();
  const launch = await launchOf(org.id, "eu-west-1");
  expect(launch.quickCreateUrl).toContain("region=eu-west-1");
  expect(launch.parameters.ExternalId).toBe(org.externalId);
  const accountId = customerAccountId();
  const stack = await createStack({ region: "eu-west-1", accountId, templateURL: launch.templateUrl, stackName: launch.stackName, parameters: launch.parameters });
  expect(stack.status).toBe("CREATE_COMPLETE");
  const registration = stack.resources.find((r) => r.logicalId === "Registration");
  const [connection] = await connectionsOf(org.id);
  expect(connection).toMatchObject({ accountId, status: "verified" });
  expect(registration?.physicalId).toBe(connection!.id);
  expect((await deleteStack(launch.stackName, accountId, "eu-west-1")).status).toBe("DELETE_COMPLETE");
  await expect.poll(async () => (await connectionsOf(org.id))[0]?.status ?? "gone", { timeout: 15_000 }).toMatch(/disconnected|gone/);
});

test("a wrong or revoked token, or another organisation's External ID, fails the stack with the reason and connects nothing", async () => {
  const org = await organization();
  const other = await organization();
  const launch = await launchOf(org.id);
  const attempts: Array<[string, Record<string, string>]> = [
    ["a made-up token", { ...launch.parameters, RegistrationToken: `rgr_${"A".repeat(43)}` }],
    ["another organisation's External ID", { ...launch.parameters, ExternalId: other.externalId }],
  ];
  for (const [label, parameters] of attempts) {
    const accountId = customerAccountId();
    const stack = await createStack({ region: "us-east-1", accountId, templateURL: launch.templateUrl, stackName: launch.stackName, parameters });
    expect(stack.status, label).toBe("ROLLBACK_COMPLETE");
    expect(stack.statusReason, label).toContain("Registration");
    const failed = stack.resources.find((r) => r.logicalId === "Registration");
    expect(failed?.statusReason ?? "", label).toMatch(/Received response status \[FAILED\]/);
  }
  expect(await connectionsOf(org.id)).toHaveLength(0);
  expect(await connectionsOf(other.id)).toHaveLength(0);
});

test("SNS messages that are not signed by the topic's SNS are refused and change nothing", async ({ request }) => {
  const unsigned = {
    Type: "Notification",
    MessageId: crypto.randomUUID(),
    TopicArn: "arn:aws:sns:us-east-1:111111111111:rolegate-registration",
    Message: JSON.stringify({ RequestType: "Create" }),
    Timestamp: new Date().toISOString(),
    SignatureVersion: "2",
    Signature: Buffer.from("forged").toString("base64"),
    SigningCertURL: `${e2e.sandboxURL}/SimpleNotificationService-${"0".repeat(32)}.pem`,
  };
  const response = await request.post("/api/aws/sns", {
    headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
    data: JSON.stringify(unsigned),
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(response.status()).toBeLessThan(500);
  const evil = await request.post("/api/aws/sns", {
    headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
    data: JSON.stringify({ ...unsigned, SigningCertURL: "https://evil.example/SimpleNotificationService-0.pem" }),
  });
  expect(evil.status()).toBe(403);
});
