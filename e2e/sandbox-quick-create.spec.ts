/**
 * The sandbox's quick-create console in Chromium, on its own: this spec starts
 * its own sandbox (ephemeral port, temporary data directory) and serves the
 * template from a tiny HTTP server, so it needs nothing from the Rolegate app.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { expect, type Page, test } from "@playwright/test";
import { type SandboxHandle, startSandbox } from "../sandbox/server";
import { startReceiver } from "../sandbox/test/sns-receiver";
import { rolegateYaml } from "../sandbox/test/templates";
import { accessibilityViolations } from "./support/axe";

/** The role template with a registration custom resource answered by this spec's own SNS subscriber. */
const REGISTERED = rolegateYaml().replace("Outputs:\n", `  Registration:
    Type: Custom::RolegateRegistration
    DependsOn: Role
    Properties:
      ServiceToken: !Sub "arn:\${AWS::Partition}:sns:\${AWS::Region}:111111111111:rolegate-registration"
      RoleArn: !GetAtt Role.Arn
      Outcome: !Ref RoleName
Outputs:
`);

const TEMPLATES: Record<string, string> = {
  "/rolegate.yaml": rolegateYaml(),
  "/registered.yaml": REGISTERED,
  "/s3.yaml": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
  "/hostile.yaml": `Description: "<img src=x onerror=alert(1)> plain text"
Parameters:
  Note:
    Type: String
    Default: "<b>not bold</b>"
    Description: "<script>document.title='owned'</script>"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" }
`,
};

let sandbox: SandboxHandle;
let dataDir: string;
let subscriber: Awaited<ReturnType<typeof startReceiver>>;
let templateServer: Server;
let templateOrigin: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rolegate-e2e-sandbox-"));
  sandbox = await startSandbox({ port: 0, dataDir });
  // The partner's registration endpoint: a role named "Refused" is refused, anything else accepted after a
  // moment (long enough for the page to show the stack in progress).
  subscriber = await startReceiver(async (message) => {
    if (message.body.Type === "SubscriptionConfirmation") {
      await fetch(message.body.SubscribeURL ?? "");
      return 200;
    }
    const request = JSON.parse(message.body.Message ?? "{}") as Record<string, string> & { ResourceProperties: Record<string, string> };
    const refused = request.ResourceProperties.Outcome === "Refused" && request.RequestType === "Create";
    setTimeout(() => {
      void fetch(request.ResponseURL ?? "", {
        method: "PUT",
        headers: { "content-type": "" },
        body: JSON.stringify({
          Status: refused ? "FAILED" : "SUCCESS",
          Reason: refused ? "This registration link has expired; open a new one from Rolegate." : undefined,
          PhysicalResourceId: request.PhysicalResourceId ?? "registration-1",
          StackId: request.StackId,
          RequestId: request.RequestId,
          LogicalResourceId: request.LogicalResourceId,
        }),
      });
    }, request.RequestType === "Create" ? 1500 : 200);
    return 200;
  });
  const { partner } = sandbox.info();
  {
    const sns = new SNSClient({ region: "eu-west-1", endpoint: sandbox.snsEndpoint, credentials: partner, maxAttempts: 1 });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "rolegate-registration" }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TopicArn }] };
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: JSON.stringify(policy) }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: subscriber.url }));
    await subscriber.next("SubscriptionConfirmation");
  }
  templateServer = createServer((req, res) => {
    const body = TEMPLATES[new URL(req.url ?? "/", "http://x").pathname];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/x-yaml" }).end(body);
  });
  await new Promise<void>((resolve) => templateServer.listen(0, "127.0.0.1", resolve));
  templateOrigin = `http://127.0.0.1:${(templateServer.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await subscriber.close();
  await new Promise<void>((resolve) => {
    templateServer.close(() => resolve());
    templateServer.closeAllConnections();
  });
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A quick-create link built the way Rolegate builds it: the interesting part is in the hash. */
function quickCreateLink(template: string, stackName: string, externalId: string, region = "eu-west-1"): string {
  const query = new URLSearchParams({ templateURL: `${templateOrigin}${template}`, stackName, param_ExternalId: externalId });
  return `${sandbox.url}/cloudformation/home?region=${region}#/stacks/quickcreate?${query}`;
}

async function assume(roleArn: string, externalId?: string) {
  const { partner } = sandbox.info();
  const sts = new STSClient({ region: "eu-west-1", endpoint: sandbox.stsEndpoint, credentials: partner, maxAttempts: 1 });
  try {
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "e2e", ...(externalId ? { ExternalId: externalId } : {}) }));
    return result.AssumedRoleUser?.Arn ?? "";
  } catch (error) {
    return (error as Error).name;
  }
}

/** The stack's status, as the "Stack info" container shows it (the Resources table has its own). */
function stackStatus(page: Page) {
  return page.getByRole("region", { name: "Stack info" }).getByText(/^[A-Z_]+_(COMPLETE|FAILED|IN_PROGRESS)$/);
}

async function acknowledgeAndCreate(page: Page) {
  await page.getByRole("checkbox", { name: "I acknowledge that AWS CloudFormation might create IAM resources with custom names." }).check();
  await page.getByRole("button", { name: "Create stack" }).click();
}

test("open a quick-create link, create the stack, copy the role ARN and assume the role", async ({ page }) => {
  const externalId = "rg-e2e-7f3a9c1d5b";
  await page.goto(quickCreateLink("/rolegate.yaml", "Rolegate", externalId));

  await expect(page.getByRole("heading", { level: 1, name: "Quick create stack" })).toBeVisible();
  await expect(page.getByText("Lets Rolegate read this account through a cross-account role")).toBeVisible();
  await expect(page.getByLabel("Stack name")).toHaveValue("Rolegate");
  await expect(page.getByLabel("External ID")).toHaveValue(externalId);
  await expect(page.getByLabel("ExternalId")).toHaveValue(externalId);
  await expect(page.getByLabel("RoleName")).toHaveValue("RolegateAccess");
  const account = page.getByLabel("Customer AWS account ID");
  await expect(account).toHaveValue(/^[1-9]\d{11}$/);
  await account.fill("123412341234");

  await acknowledgeAndCreate(page);

  await expect(page.getByRole("heading", { level: 1, name: "Rolegate" })).toBeVisible();
  await expect(stackStatus(page)).toHaveText("CREATE_COMPLETE");
  const roleArn = "arn:aws:iam::123412341234:role/rolegate/RolegateAccess";
  const outputs = page.getByRole("table", { name: /Outputs/ });
  await expect(outputs.getByRole("row", { name: /RoleArn/ })).toContainText(roleArn);

  await outputs.getByRole("button", { name: "Copy RoleArn" }).click();
  await expect(outputs.getByRole("button", { name: "Copy RoleArn" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(roleArn);

  expect(await assume(roleArn, externalId)).toBe("arn:aws:sts::123412341234:assumed-role/RolegateAccess/e2e");
  expect(await assume(roleArn)).toBe("AccessDenied");
  expect(await assume(roleArn, "rg-someone-elses-id")).toBe("AccessDenied");

  // The stack page has its own address, as in the console: a reload shows the same stack.
  await page.reload();
  await expect(stackStatus(page)).toHaveText("CREATE_COMPLETE");
  await expect(page.getByRole("table", { name: /Outputs/ })).toContainText(roleArn);
});

test("a parameter that breaks the template's constraints gets CloudFormation's message at its field", async ({ page }) => {
  await page.goto(quickCreateLink("/rolegate.yaml", "Constraint-Test", "rg-ok-id"));
  const externalId = page.getByLabel("External ID");
  await externalId.fill("x");
  await page.getByLabel("RoleName").fill("ConstraintRole");
  await acknowledgeAndCreate(page);

  await expect(page.getByRole("alert")).toContainText("Parameter 'ExternalId' must contain at least 2 characters");
  await expect(externalId).toHaveAttribute("aria-invalid", "true");
  await expect(externalId).toHaveAccessibleDescription(/must contain at least 2 characters/);

  await externalId.fill("has space");
  await page.getByRole("button", { name: "Create stack" }).click();
  await expect(page.getByRole("alert")).toContainText("Parameter 'ExternalId' must match pattern");

  await externalId.fill("rg-fixed-id");
  await page.getByRole("button", { name: "Create stack" }).click();
  await expect(stackStatus(page)).toHaveText("CREATE_COMPLETE");
});

test("creating without acknowledging IAM capabilities is refused, as CloudFormation does", async ({ page }) => {
  await page.goto(quickCreateLink("/rolegate.yaml", "No-Ack", "rg-no-ack"));
  await page.getByRole("button", { name: "Create stack" }).click();
  await expect(page.getByRole("alert")).toContainText("Requires capabilities : [CAPABILITY_NAMED_IAM]");
  await expect(page.getByRole("heading", { level: 1, name: "Quick create stack" })).toBeVisible();
});

test("a template the sandbox cannot instantiate gets a clear error", async ({ page }) => {
  await page.goto(quickCreateLink("/s3.yaml", "Bucket", "rg-x1"));
  await expect(page.getByRole("alert")).toContainText("The sandbox cannot create AWS::S3::Bucket (resource Bucket)");
  await expect(page.getByRole("button", { name: "Create stack" })).toHaveCount(0);
});

test("a missing template is reported, not shown as an empty form", async ({ page }) => {
  await page.goto(quickCreateLink("/nowhere.yaml", "Missing", "rg-x1"));
  await expect(page.getByRole("alert")).toContainText("answered HTTP 404");
});

test("template text is shown as text, never run as markup", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(quickCreateLink("/hostile.yaml", "Hostile", "rg-x1"));
  await expect(page.getByText("<img src=x onerror=alert(1)> plain text")).toBeVisible();
  await expect(page.getByLabel("Note")).toHaveValue("<b>not bold</b>");
  await expect(page.getByText("<script>document.title='owned'</script>")).toBeVisible();
  expect(await page.title()).not.toBe("owned");
  expect(dialogs).toEqual([]);
});

test("a stack with a custom resource shows its progress, then can be deleted from its page", async ({ page }) => {
  await page.goto(quickCreateLink("/registered.yaml", "Registered", "rg-e2e-registered"));
  await page.getByLabel("Customer AWS account ID").fill("123412341299");
  await page.getByLabel("RoleName").fill("RegisteredRole");
  await acknowledgeAndCreate(page);

  await expect(page.getByRole("heading", { level: 1, name: "Registered" })).toBeVisible();
  await expect(stackStatus(page)).toHaveText("CREATE_IN_PROGRESS");
  const resources = page.getByRole("table", { name: /Resources/ });
  await expect(resources.getByRole("row", { name: /Registration/ })).toContainText("CREATE_IN_PROGRESS");
  await expect(stackStatus(page)).toHaveText("CREATE_COMPLETE");
  await expect(resources.getByRole("row", { name: /Registration/ })).toContainText("registration-1");
  const roleArn = "arn:aws:iam::123412341299:role/rolegate/RegisteredRole";
  expect(await assume(roleArn, "rg-e2e-registered")).toContain("assumed-role/RegisteredRole");

  await page.getByRole("button", { name: "Delete stack" }).click();
  await expect(stackStatus(page)).toHaveText("DELETE_COMPLETE");
  await expect(page.getByRole("status").filter({ hasText: "Stack deleted" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete stack" })).toHaveCount(0);
  expect(await assume(roleArn, "rg-e2e-registered")).toBe("AccessDenied");
});

test("a custom resource that answers FAILED rolls the stack back and the page says why", async ({ page }) => {
  await page.goto(quickCreateLink("/registered.yaml", "Refused", "rg-e2e-refused"));
  await page.getByLabel("RoleName").fill("Refused");
  await acknowledgeAndCreate(page);

  await expect(stackStatus(page)).toHaveText("ROLLBACK_COMPLETE");
  await expect(page.getByRole("alert")).toContainText("Stack creation failed");
  await expect(page.getByRole("alert")).toContainText(
    "The following resource(s) failed to create: [Registration]. Received response status [FAILED] from custom resource. Message returned: This registration link has expired; open a new one from Rolegate.",
  );
  await expect(page.getByRole("region", { name: "Stack info" })).toContainText("Message returned: This registration link has expired");
  await expect(page.getByRole("button", { name: "Delete stack" })).toBeVisible();
});

test("the quick-create and stack pages pass axe on a laptop and on a phone", async ({ page }) => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    const stack = `Axe-Check-${viewport.width}`;
    await page.goto(quickCreateLink("/rolegate.yaml", stack, "rg-axe-check"));
    await expect(page.getByRole("heading", { level: 1, name: "Quick create stack" })).toBeVisible();
    expect(await accessibilityViolations(page), `quick create at ${viewport.width} px`).toEqual([]);
    // With errors shown: the form's own messages must be as readable as the rest.
    await page.getByLabel("Customer AWS account ID").fill("12");
    await page.getByRole("button", { name: "Create stack" }).click();
    expect(await accessibilityViolations(page), `quick create with errors at ${viewport.width} px`).toEqual([]);
    await page.getByLabel("Customer AWS account ID").fill(`12341234${viewport.width}`.padEnd(12, "0"));
    await acknowledgeAndCreate(page);
    await expect(stackStatus(page)).toHaveText("CREATE_COMPLETE");
    expect(await accessibilityViolations(page), `stack page at ${viewport.width} px`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), `stack page scrolls sideways at ${viewport.width} px`).toBe(false);
  }
});
