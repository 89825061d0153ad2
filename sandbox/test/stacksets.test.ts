import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers";
import { type Received, startReceiver } from "./sns-receiver";
import { serveTemplates } from "./template-server";

const PARTNER = "222233334444";
const MANAGEMENT = "300000000001";
const TOPIC = `arn:aws:sns:us-east-1:${PARTNER}:rolegate-registration`;

/** The single-account role template every stack instance runs: a role and the registration custom resource. */
const MEMBER_TEMPLATE = `Parameters:
  ExternalId: { Type: String }
  Mode: { Type: String, Default: ok }
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "${PARTNER}" }
            Action: sts:AssumeRole
            Condition: { StringEquals: { "sts:ExternalId": !Ref ExternalId } }
  Registration:
    Type: Custom::RolegateRegistration
    Properties:
      ServiceToken: ${TOPIC}
      RoleArn: !GetAtt Role.Arn
      AccountId: !Ref AWS::AccountId
      Mode: !Ref Mode
`;

/** The management stack: one service-managed StackSet running the member template. */
const MANAGEMENT_TEMPLATE = `Parameters:
  Name: { Type: String }
  Targets: { Type: CommaDelimitedList }
  MemberTemplateURL: { Type: String }
  Mode: { Type: String, Default: ok }
  Retain: { Type: String, Default: "false" }
  MaxConcurrent: { Type: Number, Default: 5 }
  Tolerance: { Type: Number, Default: 4 }
  PermissionModel: { Type: String, Default: SERVICE_MANAGED }
  Acknowledge: { Type: String, Default: "yes" }
Conditions:
  Acknowledged: !Equals [!Ref Acknowledge, "yes"]
Resources:
  Roles:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: !Ref Name
      PermissionModel: !Ref PermissionModel
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: !Ref Retain }
      Capabilities: !If [Acknowledged, [CAPABILITY_IAM], !Ref AWS::NoValue]
      TemplateURL: !Ref MemberTemplateURL
      Parameters:
        - { ParameterKey: ExternalId, ParameterValue: ext-org }
        - { ParameterKey: Mode, ParameterValue: !Ref Mode }
      StackInstancesGroup:
        - DeploymentTargets: { OrganizationalUnitIds: !Ref Targets }
          Regions: [us-east-1]
      OperationPreferences: { MaxConcurrentCount: !Ref MaxConcurrent, FailureToleranceCount: !Ref Tolerance }
Outputs:
  StackSetId:
    Value: !GetAtt Roles.StackSetId
`;

interface Request {
  RequestType: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResponseURL: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, string>;
}
interface Instance {
  accountId: string;
  region: string;
  ouId: string;
  status: string;
  detailedStatus: string;
  statusReason?: string;
  stackId?: string;
  stackStatus?: string;
}
interface StackSetView {
  stackSetId: string;
  name: string;
  status: string;
  managementAccountId: string;
  organizationId: string;
  instances: Instance[];
  operations: { action: string; status: string; statusReason?: string; counts: Record<string, number> }[];
}

describe("service-managed StackSets over an AWS Organization", () => {
  let t: TestSandbox;
  let dataDir: string;
  let templates: Awaited<ReturnType<typeof serveTemplates>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const requests: Request[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  let org: { id: string; rootId: string; ous: { id: string; name: string; accounts: string[] }[] };
  const ou = (name: string) => org.ous.find((o) => o.name === name) as { id: string; accounts: string[] };

  const setName = (stackId: string) => /:stack\/StackSet-([A-Za-z0-9]+)-/.exec(stackId)?.[1] ?? "";
  /** Plays Rolegate: confirms the subscription, answers each request after 100 ms (FAILED when the stack set's Mode says so), counting requests in flight per stack set. */
  const app = async (message: Received) => {
    if (message.body.Type === "SubscriptionConfirmation") {
      await fetch(message.body.SubscribeURL ?? "");
      return 200;
    }
    const request = JSON.parse(message.body.Message ?? "{}") as Request;
    requests.push(request);
    const name = setName(request.StackId);
    inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
    maxInFlight.set(name, Math.max(maxInFlight.get(name) ?? 0, inFlight.get(name) ?? 0));
    setTimeout(() => {
      inFlight.set(name, (inFlight.get(name) ?? 1) - 1);
      const failed = request.RequestType === "Create" && request.ResourceProperties.Mode === "fail";
      const answer = failed
        ? { Status: "FAILED", Reason: "Registration refused", PhysicalResourceId: "reg-refused" }
        : { Status: "SUCCESS", PhysicalResourceId: request.PhysicalResourceId ?? `reg-${request.ResourceProperties.AccountId}` };
      void fetch(request.ResponseURL, {
        method: "PUT",
        body: JSON.stringify({ StackId: request.StackId, RequestId: request.RequestId, LogicalResourceId: request.LogicalResourceId, ...answer }),
      });
    }, 100);
    return 200;
  };

  const launch = (stackName: string, parameters: Record<string, string>, accountId = MANAGEMENT) =>
    t.control("POST", "/_sandbox/stacks", {
      region: "us-east-1",
      accountId,
      templateURL: `${templates.url}/management.yaml`,
      stackName,
      parameters: { MemberTemplateURL: `${templates.url}/member.yaml`, ...parameters },
    });
  const stackSet = async (name: string): Promise<StackSetView> => {
    const sets = (await t.control("GET", "/_sandbox/stacksets")).body.stackSets as StackSetView[];
    return sets.filter((s) => s.name === name).at(-1) as StackSetView;
  };
  const requestsOf = (name: string, type: string) => requests.filter((r) => setName(r.StackId) === name && r.RequestType === type);
  const rolesIn = async (accountId: string) => ((await t.control("GET", "/_sandbox/roles")).body.roles as { accountId: string }[]).filter((r) => r.accountId === accountId);
  const stackStatus = async (stackId: string) => ((await t.control("GET", "/_sandbox/stacks")).body.stacks as { stackId: string; status: string }[]).find((s) => s.stackId === stackId)?.status;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "rolegate-sandbox-stacksets-"));
    t = await startTestSandbox({ dataDir, partnerAccountId: PARTNER, snsRetry: { delaysMs: [50, 100], attemptTimeoutMs: 2000 } });
    templates = await serveTemplates({ "/member.yaml": MEMBER_TEMPLATE, "/management.yaml": MANAGEMENT_TEMPLATE });
    receiver = await startReceiver(app);
    const sns = new SNSClient({ region: "us-east-1", endpoint: t.sandbox.url, credentials: t.partner, maxAttempts: 1 });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "rolegate-registration" }));
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: TopicArn }] });
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: policy }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: receiver.url }));
    await receiver.next("SubscriptionConfirmation");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const created = await t.control("POST", "/_sandbox/organizations", {
      managementAccountId: MANAGEMENT,
      ous: [
        { name: "Apps", accounts: 20 },
        { name: "Prod", parent: "Apps", accounts: 20 },
        { name: "Sandbox", accounts: 10 },
      ],
    });
    org = created.body;
  });
  afterAll(async () => {
    await receiver.close();
    await templates.close();
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("deploys one instance to every account of the targeted OU and its nested OU, never the management account, at most MaxConcurrentCount at a time", async () => {
    const res = await launch("Org", { Name: "roles", Targets: ou("Apps").id });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("CREATE_COMPLETE");
    const set = await stackSet("roles");
    expect(res.body.outputs).toEqual([{ key: "StackSetId", value: set.stackSetId }]);
    expect(set.stackSetId).toMatch(/^roles:[0-9a-f-]{36}$/);
    expect(res.body.resources).toEqual([{ logicalId: "Roles", type: "AWS::CloudFormation::StackSet", status: "CREATE_COMPLETE", physicalId: set.stackSetId }]);
    const targeted = [...ou("Apps").accounts, ...ou("Prod").accounts];
    expect(set).toMatchObject({ status: "ACTIVE", managementAccountId: MANAGEMENT, organizationId: org.id });
    expect(set.instances.map((i) => i.accountId).sort()).toEqual([...targeted].sort());
    for (const instance of set.instances) {
      expect(instance).toMatchObject({ region: "us-east-1", ouId: ou("Apps").id, status: "CURRENT", detailedStatus: "SUCCEEDED", stackStatus: "CREATE_COMPLETE" });
      expect(instance.stackId).toMatch(new RegExp(`^arn:aws:cloudformation:us-east-1:${instance.accountId}:stack/StackSet-roles-[0-9a-f-]{36}/`));
    }
    expect(set.operations).toEqual([expect.objectContaining({ action: "CREATE", status: "SUCCEEDED", counts: { total: 40, succeeded: 40, failed: 0, cancelled: 0 } })]);
    // Each member account published its own request, and got its role.
    expect(requestsOf("roles", "Create").map((r) => r.ResourceProperties.AccountId).sort()).toEqual([...targeted].sort());
    expect(await rolesIn(targeted[0] ?? "")).toHaveLength(1);
    expect(await rolesIn(MANAGEMENT)).toEqual([]);
    expect(await rolesIn(ou("Sandbox").accounts[0] ?? "")).toEqual([]);
    expect(maxInFlight.get("roles")).toBeLessThanOrEqual(5);
    expect(maxInFlight.get("roles")).toBeGreaterThan(1);
  });

  it("deploys to an account added to a targeted OU, and deletes its instance (custom resource Delete) when it leaves the organisation", async () => {
    const added = await t.control("POST", `/_sandbox/organizations/${org.id}/accounts`, { ouId: ou("Prod").id, accountId: "399999999999" });
    expect(added.status).toBe(201);
    await vi.waitFor(async () => expect((await stackSet("roles")).instances.find((i) => i.accountId === "399999999999")?.status).toBe("CURRENT"), { timeout: 10_000 });
    expect(requestsOf("roles", "Create").map((r) => r.ResourceProperties.AccountId)).toContain("399999999999");
    const stackId = (await stackSet("roles")).instances.find((i) => i.accountId === "399999999999")?.stackId ?? "";

    await t.control("DELETE", `/_sandbox/organizations/${org.id}/accounts/399999999999`);
    await vi.waitFor(async () => expect((await stackSet("roles")).instances.map((i) => i.accountId)).not.toContain("399999999999"), { timeout: 10_000 });
    expect(requestsOf("roles", "Delete").map((r) => r.ResourceProperties.AccountId)).toEqual(["399999999999"]);
    expect(await stackStatus(stackId)).toBe("DELETE_COMPLETE");
    expect(await rolesIn("399999999999")).toEqual([]);
  });

  it("deletes the instance of an account moved out of the targets, and deploys none to an account added elsewhere", async () => {
    const moved = ou("Apps").accounts[0] ?? "";
    await t.control("POST", `/_sandbox/organizations/${org.id}/accounts`, { ouId: ou("Sandbox").id, accountId: moved });
    await t.control("POST", `/_sandbox/organizations/${org.id}/accounts`, { ouId: ou("Sandbox").id, accountId: "388888888888" });
    await vi.waitFor(async () => expect((await stackSet("roles")).instances.map((i) => i.accountId)).not.toContain(moved), { timeout: 10_000 });
    expect((await stackSet("roles")).instances).toHaveLength(39);
    expect(requestsOf("roles", "Create").map((r) => r.ResourceProperties.AccountId)).not.toContain("388888888888");
  });

  it("keeps the stack of a removed account, only detached, when RetainStacksOnAccountRemoval is true", async () => {
    const res = await launch("Kept", { Name: "kept", Targets: ou("Sandbox").id, Retain: "true" });
    expect(res.body.status).toBe("CREATE_COMPLETE");
    const leaving = ou("Sandbox").accounts[1] ?? "";
    const stackId = (await stackSet("kept")).instances.find((i) => i.accountId === leaving)?.stackId ?? "";
    await t.control("DELETE", `/_sandbox/organizations/${org.id}/accounts/${leaving}`);
    await vi.waitFor(async () => expect((await stackSet("kept")).instances.map((i) => i.accountId)).not.toContain(leaving), { timeout: 10_000 });
    expect(await stackStatus(stackId)).toBe("CREATE_COMPLETE");
    expect(requestsOf("kept", "Delete")).toEqual([]);
    expect(await rolesIn(leaving)).toHaveLength(1);
  });

  it("stops once failures exceed FailureToleranceCount: the rest are cancelled and the StackSet resource fails, naming the failures", async () => {
    const res = await launch("Failing", { Name: "failing", Targets: ou("Sandbox").id, Mode: "fail", MaxConcurrent: "1", Tolerance: "1" });
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toContain("The following resource(s) failed to create: [Roles]");
    expect(res.body.statusReason).toContain("2 stack instance(s) failed");
    expect(res.body.statusReason).toContain("Received response status [FAILED] from custom resource. Message returned: Registration refused");
    expect(requestsOf("failing", "Create")).toHaveLength(2);
    const set = await stackSet("failing");
    const create = set.operations.find((o) => o.action === "CREATE");
    expect(create).toMatchObject({ status: "FAILED" });
    expect(create?.counts).toMatchObject({ failed: 2, succeeded: 0 });
    expect((create?.counts.cancelled ?? 0) + 2).toBe(create?.counts.total);
    // The rollback deleted the stack set.
    expect(set.status).toBe("DELETED");
  });

  it("fails the instances with CloudFormation's wording when the stack set does not acknowledge IAM capabilities", async () => {
    const res = await launch("Unacknowledged", { Name: "noack", Targets: ou("Sandbox").id, Acknowledge: "no", Tolerance: "0", MaxConcurrent: "1" });
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toContain("Requires capabilities : [CAPABILITY_IAM]");
    expect(requestsOf("noack", "Create")).toEqual([]);
  });

  it.each([
    ["a member account", { Name: "member" }, ou, "You must be the management account or delegated admin account of an organization before operating a SERVICE_MANAGED stack set"],
    ["SELF_MANAGED", { Name: "selfmanaged", PermissionModel: "SELF_MANAGED" }, undefined, "PermissionModel SELF_MANAGED is not supported by the sandbox"],
    ["more in flight than the failure tolerance allows", { Name: "toowide", MaxConcurrent: "5", Tolerance: "1" }, undefined, "MaxConcurrentCount (5) must be at most one more than FailureToleranceCount (1)"],
  ])("refuses a stack set created by %s", async (_label, parameters, fromMember, reason) => {
    const account = fromMember ? (ou("Prod").accounts[0] ?? "") : MANAGEMENT;
    const res = await launch(`Refused${parameters.Name}`, { Targets: ou("Sandbox").id, ...parameters }, account);
    expect(res.body.status).toBe("ROLLBACK_COMPLETE");
    expect(res.body.statusReason).toContain(reason);
    expect(await stackSet(parameters.Name)).toBeUndefined();
  });

  it("deletes every stack instance (custom resources get Delete) and then the stack set when the management stack is deleted", async () => {
    const before = await stackSet("roles");
    const deleted = await t.control("DELETE", `/_sandbox/stacks/Org?accountId=${MANAGEMENT}`);
    expect(deleted.body.status).toBe("DELETE_COMPLETE");
    const after = await stackSet("roles");
    expect(after.status).toBe("DELETED");
    expect(after.instances).toEqual([]);
    expect(after.operations.at(-1)).toMatchObject({ action: "DELETE", status: "SUCCEEDED", counts: { total: 39, succeeded: 39 } });
    for (const instance of before.instances) expect(await stackStatus(instance.stackId ?? "")).toBe("DELETE_COMPLETE");
    const deletes = requestsOf("roles", "Delete").map((r) => r.ResourceProperties.AccountId);
    expect(before.instances).toHaveLength(39);
    expect(deletes).toEqual(expect.arrayContaining(before.instances.map((i) => i.accountId)));
    // Two earlier ones: the account that left and the account moved out of the targets.
    expect(deletes).toHaveLength(41);
    expect(await rolesIn(ou("Prod").accounts[0] ?? "")).toEqual([]);
  });

  it("deploys to every account of the organisation but the management account when the target is the root", async () => {
    const res = await launch("Everything", { Name: "everything", Targets: org.rootId, MaxConcurrent: "10", Tolerance: "9" });
    expect(res.body.status).toBe("CREATE_COMPLETE");
    const members = ((await t.control("GET", `/_sandbox/organizations/${org.id}`)).body.accounts as { id: string }[]).map((a) => a.id);
    expect(members).toContain(MANAGEMENT);
    const set = await stackSet("everything");
    expect(set.instances.map((i) => i.accountId).sort()).toEqual(members.filter((id) => id !== MANAGEMENT).sort());
    expect(set.instances.every((i) => i.ouId === org.rootId && i.status === "CURRENT")).toBe(true);
    expect(requestsOf("everything", "Create").map((r) => r.ResourceProperties.AccountId)).not.toContain(MANAGEMENT);
    expect(maxInFlight.get("everything")).toBeLessThanOrEqual(10);
    expect(maxInFlight.get("everything")).toBeGreaterThan(5);
  });

  it("keeps stack sets across a restart, and forgets them on reset", async () => {
    const before = (await t.control("GET", "/_sandbox/stacksets")).body;
    await t.close();
    t = await startTestSandbox({ dataDir, partnerAccountId: PARTNER });
    expect((await t.control("GET", "/_sandbox/stacksets")).body).toEqual(before);
    await t.control("POST", "/_sandbox/reset");
    expect((await t.control("GET", "/_sandbox/stacksets")).body).toEqual({ stackSets: [] });
  });
});
