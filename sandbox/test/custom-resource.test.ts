import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers";
import { type Received, startReceiver } from "./sns-receiver";
import { serveTemplates } from "./template-server";

const PARTNER = "222233334444";
const CUSTOMER = "135791357913";

/** Rolegate's role template with the registration custom resource of the shared contract, plus knobs for the tests. */
const TEMPLATE = `Parameters:
  ExternalId: { Type: String, MinLength: 2 }
  RegistrationToken: { Type: String, NoEcho: true, Default: "" }
  TokenRegion: { Type: String, Default: "" }
  TopicName: { Type: String, Default: rolegate-registration }
  Timeout: { Type: Number, Default: 30 }
Conditions:
  AutoRegister: !Not [!Equals [!Ref RegistrationToken, ""]]
  SameRegion: !Equals [!Ref TokenRegion, ""]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "Rolegate-\${AWS::StackName}"
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "${PARTNER}" }
            Action: sts:AssumeRole
            Condition: { StringEquals: { "sts:ExternalId": !Ref ExternalId } }
  Registration:
    Type: Custom::RolegateRegistration
    Condition: AutoRegister
    DependsOn: Role
    Properties:
      ServiceToken: !Sub
        - "arn:\${AWS::Partition}:sns:\${TopicRegion}:${PARTNER}:\${TopicName}"
        - TopicRegion: !If [SameRegion, !Ref "AWS::Region", !Ref TokenRegion]
      RoleArn: !GetAtt Role.Arn
      AccountId: !Ref AWS::AccountId
      Region: !Ref AWS::Region
      ExternalId: !Ref ExternalId
      RegistrationToken: !Ref RegistrationToken
      ServiceTimeout: !Ref Timeout
Outputs:
  RoleArn:
    Value: !GetAtt Role.Arn
  ConnectionId:
    Condition: AutoRegister
    Value: !GetAtt Registration.ConnectionId
`;

type Request = Record<string, unknown> & { RequestType: string; ResponseURL: string; ResourceProperties: Record<string, string>; PhysicalResourceId?: string };

describe("custom resources backed by SNS, through /_sandbox/stacks", () => {
  let t: TestSandbox;
  let templates: Awaited<ReturnType<typeof serveTemplates>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let requests: Request[] = [];
  const putOutcomes: { status: number; body: string }[] = [];

  const put = (url: string, body: unknown) => fetch(url, { method: "PUT", headers: { "content-type": "" }, body: JSON.stringify(body) });
  const respond = (request: Request, fields: Record<string, unknown>) =>
    put(request.ResponseURL, { StackId: request.StackId, RequestId: request.RequestId, LogicalResourceId: request.LogicalResourceId, ...fields });

  /** Plays Rolegate: confirms its subscription; answers each request as its RegistrationToken says. */
  const app = async (message: Received) => {
    if (message.body.Type === "SubscriptionConfirmation") {
      await fetch(message.body.SubscribeURL ?? "");
      return 200;
    }
    const request = JSON.parse(message.body.Message ?? "{}") as Request;
    requests.push(request);
    const token = request.ResourceProperties.RegistrationToken;
    if (request.RequestType === "Delete") void respond(request, { Status: "SUCCESS", PhysicalResourceId: request.PhysicalResourceId });
    else if (token === "ok") void respond(request, { Status: "SUCCESS", PhysicalResourceId: "reg-ok", Data: { ConnectionId: "conn-1" } });
    else if (token === "fail") void respond(request, { Status: "FAILED", Reason: "The registration token has expired.", PhysicalResourceId: "reg-failed" });
    else if (token === "no-data") void respond(request, { Status: "SUCCESS", PhysicalResourceId: "reg-no-data" });
    else if (token === "tamper") {
      const url = new URL(request.ResponseURL);
      url.searchParams.set("X-Amz-Signature", "0".repeat(64));
      const altered = await put(url.toString(), {});
      putOutcomes.push({ status: altered.status, body: await altered.text() });
      const genuine = await respond(request, { Status: "SUCCESS", PhysicalResourceId: "reg-tamper", Data: { ConnectionId: "conn-2" } });
      putOutcomes.push({ status: genuine.status, body: await genuine.text() });
      const again = await respond(request, { Status: "FAILED", Reason: "too late", PhysicalResourceId: "reg-tamper" });
      putOutcomes.push({ status: again.status, body: await again.text() });
    }
    return 200;
  };

  const createStack = (stackName: string, parameters: Record<string, string>) =>
    t.control("POST", "/_sandbox/stacks", { region: "eu-west-1", accountId: CUSTOMER, templateURL: `${templates.url}/role.yaml`, stackName, parameters: { ExternalId: "ext-1", ...parameters } });
  const roleNames = async () => ((await t.control("GET", "/_sandbox/roles")).body.roles as { roleName: string }[]).map((r) => r.roleName);

  beforeAll(async () => {
    t = await startTestSandbox({ partnerAccountId: PARTNER, snsRetry: { delaysMs: [50, 100], attemptTimeoutMs: 2000 } });
    templates = await serveTemplates({ "/role.yaml": TEMPLATE });
    receiver = await startReceiver(app);
    const sns = new SNSClient({ region: "eu-west-1", endpoint: t.sandbox.url, credentials: t.partner, maxAttempts: 1 });
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*" }] });
    for (const [name, withPolicy] of [["rolegate-registration", true], ["private", false]] as const) {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      if (withPolicy) await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: policy }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: receiver.url }));
      await receiver.next("SubscriptionConfirmation", (m) => m.body.TopicArn === TopicArn);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => {
    await receiver.close();
    await templates.close();
    await t.close();
  });
  beforeEach(() => {
    requests = [];
  });

  it("skips the resource when its condition is false (no token): the stack completes at once", async () => {
    const res = await createStack("NoToken", {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ stackName: "NoToken", accountId: CUSTOMER, region: "eu-west-1", status: "CREATE_COMPLETE" });
    expect(res.body.resources).toEqual([{ logicalId: "Role", type: "AWS::IAM::Role", status: "CREATE_COMPLETE", physicalId: "Rolegate-NoToken" }]);
    expect(res.body.outputs.map((o: { key: string }) => o.key)).toEqual(["RoleArn"]);
    expect(requests).toEqual([]);
  });

  it("creates with a SUCCESS answer (Data reaches Fn::GetAtt), and deleting the stack sends Delete before removing the role", async () => {
    const res = await createStack("Registered", { RegistrationToken: "ok" });
    expect(res.body.status).toBe("CREATE_COMPLETE");
    expect(res.body.resources.map((r: { logicalId: string; status: string; physicalId?: string }) => [r.logicalId, r.status, r.physicalId])).toEqual([
      ["Role", "CREATE_COMPLETE", "Rolegate-Registered"],
      ["Registration", "CREATE_COMPLETE", "reg-ok"],
    ]);
    expect(res.body.outputs).toContainEqual({ key: "ConnectionId", value: "conn-1" });
    const [create] = requests;
    expect(create).toMatchObject({
      RequestType: "Create",
      ServiceToken: `arn:aws:sns:eu-west-1:${PARTNER}:rolegate-registration`,
      StackId: res.body.stackId,
      LogicalResourceId: "Registration",
      ResourceType: "Custom::RolegateRegistration",
      ResourceProperties: {
        ServiceToken: `arn:aws:sns:eu-west-1:${PARTNER}:rolegate-registration`,
        RoleArn: `arn:aws:iam::${CUSTOMER}:role/Rolegate-Registered`,
        AccountId: CUSTOMER,
        Region: "eu-west-1",
        ExternalId: "ext-1",
        RegistrationToken: "ok",
        ServiceTimeout: "30",
      },
    });
    expect(create?.PhysicalResourceId).toBeUndefined();
    expect(create?.ResponseURL).toMatch(new RegExp(`^${t.sandbox.url}/cloudformation-custom-resource-response-euwest1/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A${CUSTOMER}%3Astack%2FRegistered%2F.+\\?.*X-Amz-Signature=[0-9a-f]{64}`));
    expect(await roleNames()).toContain("Rolegate-Registered");

    const deleted = await t.control("DELETE", `/_sandbox/stacks/Registered?accountId=${CUSTOMER}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe("DELETE_COMPLETE");
    expect(requests[1]).toMatchObject({ RequestType: "Delete", PhysicalResourceId: "reg-ok", ResourceProperties: { RegistrationToken: "ok" } });
    expect(await roleNames()).not.toContain("Rolegate-Registered");
    expect((await t.control("DELETE", `/_sandbox/stacks/Registered?accountId=${CUSTOMER}`)).status).toBe(404);
  });

  it("rolls back on a FAILED answer: Delete with the PhysicalResourceId it gave, the role removed, the name free again", async () => {
    const res = await createStack("Refused", { RegistrationToken: "fail" });
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toBe(
      "The following resource(s) failed to create: [Registration]. Received response status [FAILED] from custom resource. Message returned: The registration token has expired.",
    );
    expect(requests.map((r) => [r.RequestType, r.PhysicalResourceId])).toEqual([["Create", undefined], ["Delete", "reg-failed"]]);
    expect(res.body.resources).toEqual([
      { logicalId: "Role", type: "AWS::IAM::Role", status: "DELETE_COMPLETE", physicalId: "Rolegate-Refused" },
      {
        logicalId: "Registration",
        type: "Custom::RolegateRegistration",
        status: "DELETE_COMPLETE",
        physicalId: "reg-failed",
        statusReason: "Received response status [FAILED] from custom resource. Message returned: The registration token has expired.",
      },
    ]);
    expect(await roleNames()).not.toContain("Rolegate-Refused");
    expect((await createStack("Refused", { RegistrationToken: "ok" })).body.status).toBe("CREATE_COMPLETE");
  });

  it("fails the resource when no answer comes within its ServiceTimeout", async () => {
    const started = Date.now();
    const res = await createStack("Silent", { RegistrationToken: "silent", Timeout: "1" });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toContain("[Registration]. Custom Resource failed to stabilize in expected time");
    expect(requests.map((r) => r.RequestType)).toEqual(["Create", "Delete"]);
  }, 15_000);

  it("answers an altered ResponseURL and a second answer with S3's 403", async () => {
    const res = await createStack("Tampered", { RegistrationToken: "tamper" });
    expect(res.body.statusReason).toBeUndefined();
    expect(res.body.status).toBe("CREATE_COMPLETE");
    // The stack settles on the genuine answer; the late second one follows it.
    await vi.waitFor(() => expect(putOutcomes.map((o) => o.status)).toEqual([403, 200, 403]));
    expect(putOutcomes[0]?.body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(putOutcomes[2]?.body).toContain("<Code>AccessDenied</Code>");
  });

  it("rolls back when an output reads Data the answer did not give", async () => {
    const res = await createStack("NoData", { RegistrationToken: "no-data" });
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toBe("CustomResource attribute error: Vendor response doesn't contain ConnectionId key in object Registration");
    expect(requests.map((r) => [r.RequestType, r.PhysicalResourceId])).toEqual([["Create", undefined], ["Delete", "reg-no-data"]]);
  });

  it.each([
    ["a ServiceToken in another region", { TokenRegion: "us-east-1" }, `Invalid service token: arn:aws:sns:us-east-1:${PARTNER}:rolegate-registration is in region us-east-1`],
    ["an unknown topic", { TopicName: "nowhere" }, "Topic does not exist"],
    ["a topic whose Policy does not let the customer publish", { TopicName: "private" }, `User: arn:aws:iam::${CUSTOMER}:root is not authorized to perform: SNS:Publish`],
  ])("fails the resource, with a clear reason, for %s", async (_label, parameters, reason) => {
    const res = await createStack(`Bad-${_label.split(" ").at(-1)}`, { RegistrationToken: "ok", ...parameters });
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toContain("failed to create: [Registration]");
    expect(res.body.statusReason).toContain(reason);
    expect(requests.filter((r) => r.RequestType === "Create")).toEqual([]);
  });

  it("refuses bad control requests with a 4xx and creates nothing", async () => {
    const before = (await t.control("GET", "/_sandbox/stacks")).body.stacks.length;
    expect((await t.control("POST", "/_sandbox/stacks", { templateURL: `${templates.url}/role.yaml`, stackName: "X" })).status).toBe(400);
    const badParameter = await createStack("BadParam", { ExternalId: "x" });
    expect(badParameter.status).toBe(400);
    expect(badParameter.body.error.message).toBe("Parameter 'ExternalId' must contain at least 2 characters");
    expect((await t.control("DELETE", "/_sandbox/stacks/Nope?accountId=123")).status).toBe(400);
    expect((await t.control("GET", "/_sandbox/stacks")).body.stacks).toHaveLength(before);
  });
});
