import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStack, type CreateStackInput, type StackDeps } from "../cfn/create-stack";
import { CfnError } from "../cfn/errors";
import { SandboxStore } from "../state/store";
import { stackDepsWithoutSns } from "./stack-deps";
import { rolegateJson, rolegateYaml } from "./templates";

const CUSTOMER = "246813579024";

describe("CreateStack from Rolegate's template", () => {
  let dir: string;
  let store: SandboxStore;
  let deps: StackDeps;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rolegate-cfn-"));
    store = SandboxStore.open(dir, "111111111111", () => {});
    deps = stackDepsWithoutSns(store);
  });
  /** Creates a stack and waits until it settles. */
  const create = (over: Partial<CreateStackInput> = {}) => createStack(deps, input(over), new Date()).done;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const input = (over: Partial<CreateStackInput> = {}): CreateStackInput => ({
    templateText: rolegateYaml(),
    templateURL: "http://127.0.0.1:3000/template.yaml",
    stackName: "Rolegate",
    region: "eu-west-1",
    accountId: CUSTOMER,
    parameters: { ExternalId: "rg-ext-0001" },
    capabilities: ["CAPABILITY_NAMED_IAM"],
    ...over,
  });

  const cfnError = (fn: () => unknown): CfnError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof CfnError) return err;
      throw err;
    }
    throw new Error("expected a CloudFormation error");
  };

  it("creates the role with every intrinsic resolved, and outputs its ARN", async () => {
    const stack = await create();
    expect(stack.status).toBe("CREATE_COMPLETE");
    expect(stack.stackId).toMatch(new RegExp(`^arn:aws:cloudformation:eu-west-1:${CUSTOMER}:stack/Rolegate/[0-9a-f-]{36}$`));
    expect(stack.outputs).toEqual([
      { key: "RoleArn", value: `arn:aws:iam::${CUSTOMER}:role/rolegate/RolegateAccess`, description: "Paste this ARN into Rolegate.", exportName: "Rolegate-RoleArn" },
    ]);
    const role = store.findRoleByArn(`arn:aws:iam::${CUSTOMER}:role/rolegate/RolegateAccess`);
    expect(role).toMatchObject({
      path: "/rolegate/",
      description: "Rolegate access (stack Rolegate in eu-west-1)",
      managedPolicyArns: ["arn:aws:iam::aws:policy/SecurityAudit"],
      inlinePolicyNames: ["RolegateReadOnly"],
      tags: [{ Key: "managed-by", Value: "rolegate" }],
      stackId: stack.stackId,
    });
    expect(role?.trustPolicy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "rg-ext-0001", "aws:PrincipalArn": "arn:aws:iam::111111111111:user/rolegate-partner" } },
        },
      ],
    });
  });

  it("reads the JSON form (long-form intrinsics, Fn::Join) the same way", async () => {
    const stack = await create({ templateText: rolegateJson(), parameters: { ExternalId: "rg-json", RoleName: "FromJson" } });
    expect(stack.outputs[0]?.value).toBe(`arn:aws:iam::${CUSTOMER}:role/FromJson`);
    expect(JSON.stringify(store.findRoleByArn(stack.outputs[0]?.value ?? "")?.trustPolicy)).toContain('"AWS":"arn:aws:iam::111111111111:root"');
  });

  it("uses the region's partition", async () => {
    const stack = await create({ region: "cn-north-1" });
    expect(stack.outputs[0]?.value).toBe(`arn:aws-cn:iam::${CUSTOMER}:role/rolegate/RolegateAccess`);
  });

  it.each([
    ["too short", { ExternalId: "a" }, "Parameter 'ExternalId' must contain at least 2 characters", "ExternalId"],
    ["a forbidden character", { ExternalId: "has space" }, "Parameter 'ExternalId' must match pattern [\\w+=,.@:\\/-]*", "ExternalId"],
    ["missing", {}, "Parameters: [ExternalId] must have values", "ExternalId"],
    ["unknown", { ExternalId: "ok-id", Colour: "blue" }, "Parameters: [Colour] do not exist in the template", "Colour"],
  ])("refuses a parameter that is %s with CloudFormation's message", (_label, parameters, message, parameter) => {
    const error = cfnError(() => createStack(deps, input({ parameters }), new Date()));
    expect(error.code).toBe("ValidationError");
    expect(error.message).toBe(message);
    expect(error.target).toEqual({ parameter });
    expect(store.listRoles()).toHaveLength(0);
  });

  it("requires the IAM capability to be acknowledged", () => {
    const error = cfnError(() => createStack(deps, input({ capabilities: [] }), new Date()));
    expect(error.code).toBe("InsufficientCapabilitiesException");
    expect(error.message).toBe("Requires capabilities : [CAPABILITY_NAMED_IAM]");
  });

  it("refuses a second stack of the same name in the same account and region", async () => {
    await create();
    const error = cfnError(() => createStack(deps, input({ parameters: { ExternalId: "x2", RoleName: "Other" } }), new Date()));
    expect(error.code).toBe("AlreadyExistsException");
    expect(error.message).toBe("Stack [Rolegate] already exists");
    expect((await create({ region: "us-east-1", parameters: { ExternalId: "x2", RoleName: "Other" } })).status).toBe("CREATE_COMPLETE");
  });

  it("rolls back, creating nothing, when the role name is taken", async () => {
    await create();
    const stack = await create({ stackName: "Second" });
    expect(stack.status).toBe("ROLLBACK_COMPLETE");
    expect(stack.statusReason).toMatch(/^The following resource\(s\) failed to create: \[Role\]\. Resource handler returned message: "Role with name RolegateAccess already exists\./);
    expect(stack.outputs).toEqual([]);
    expect(store.listRoles()).toHaveLength(1);
    // The rolled-back stack is kept for the console to show, and its name can be used again at once.
    expect(store.findStackByName(CUSTOMER, "eu-west-1", "Second")?.status).toBe("ROLLBACK_COMPLETE");
    expect((await create({ stackName: "Second", parameters: { ExternalId: "rg-ext-0001", RoleName: "Another" } })).status).toBe("CREATE_COMPLETE");
  });

  it("refuses a bad stack name", () => {
    const error = cfnError(() => createStack(deps, input({ stackName: "1-starts-with-digit" }), new Date()));
    expect(error.message).toContain("Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    expect(error.target).toEqual({ field: "stackName" });
  });
});
