import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStack } from "../cfn/create-stack";
import { loadTemplate } from "../cfn/load-template";
import { SandboxStore } from "../state/store";
import { stackDepsWithoutSns } from "./stack-deps";
import { rolegateYaml } from "./templates";

/** A minimal valid template with `extra` appended to the Role's properties and `tail` after Resources. */
function template(extra = "", tail = "", head = ""): string {
  return `${head}Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" }
${extra}${tail}`;
}

function loadError(text: string): string {
  try {
    loadTemplate(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the template to be refused");
}

describe("template validation, as ValidateTemplate reports it", () => {
  it("reads parameters, labels, groups and the capability the console shows", () => {
    const t = loadTemplate(rolegateYaml());
    expect(t.description).toMatch(/^Lets Rolegate read this account/);
    expect(t.parameters.map((p) => [p.name, p.label, p.default])).toEqual([
      ["ExternalId", "External ID", undefined],
      ["RoleName", undefined, "RolegateAccess"],
    ]);
    expect(t.parameters[0]).toMatchObject({ minLength: 2, maxLength: 1224, allowedPattern: "[\\w+=,.@:\\/-]*" });
    expect(t.parameterGroups).toEqual([{ label: "Connection", parameters: ["ExternalId", "RoleName"] }]);
    expect(t.capabilities).toEqual(["CAPABILITY_NAMED_IAM"]);
    expect(loadTemplate(template()).capabilities).toEqual(["CAPABILITY_IAM"]);
  });

  it.each([
    ["YAML that does not parse", "Resources:\n  Role: [\n", /^Template format error: YAML not well-formed\..*\(line \d+, column \d+\)$/],
    ["JSON that does not parse", '{"Resources": ', /^Template format error: JSON not well-formed\./],
    ["an unknown short-form tag", template("      Description: !Bogus x\n"), /^Template format error: YAML not well-formed\. Unresolved tag: !Bogus \(line 8, column 20\)$/],
    ["no Resources", "Description: nothing\n", /^Template format error: At least one Resources member must be defined\.$/],
    ["an unknown top-level section", template("", "Extras: {}\n"), /^Template format error: Invalid template property or properties \[Extras\]$/],
    ["a resource type the sandbox cannot create", template("", "  Bucket:\n    Type: AWS::S3::Bucket\n"), /^The sandbox cannot create AWS::S3::Bucket \(resource Bucket\): it creates only AWS::IAM::Role, AWS::CloudFormation::StackSet, AWS::CloudFormation::CustomResource, Custom::\*\.$/],
    ["a resource type that does not exist", template("", "  Thing:\n    Type: Nonsense\n"), /^Template format error: Unrecognized resource types: \[Nonsense\]$/],
    ["Fn::If on an undefined condition", template("      Description: !If [Cond, a, b]\n"), /^Template error: unresolved condition dependency Cond in Fn::If$/],
    ["a Condition attribute naming no condition", template("", "", "").replace("    Type: AWS::IAM::Role\n", "    Type: AWS::IAM::Role\n    Condition: Nope\n"), /^Template format error: Unresolved condition dependencies \[Nope\] in the Resources block of the template$/],
    ["a condition that refers to a resource", template("", "Conditions:\n  Yes: !Equals [!Ref Role, a]\n"), /Unresolved resource dependencies \[Role\] in the Conditions block/],
    ["Fn::Not with two conditions", template("", "Conditions:\n  A: !Equals [a, a]\n  B: !Not [!Condition A, !Condition A]\n"), /^Template error: Fn::Not requires a list argument with one function token/],
    ["conditions in a circle", template("", "Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n"), /^Template format error: Circular dependency between conditions: \[A, B\]$/],
    ["a stray function in Fn::Not", template("", "Conditions:\n  A: !Not [!Ref AWS::Region]\n"), /Conditions can only be boolean operations/],
    ["a Ref to nothing", template("      RoleName: !Ref Nope\n"), /^Template format error: Unresolved resource dependencies \[Nope\] in the Resources block of the template$/],
    ["a Sub variable that is nothing", template('      RoleName: !Sub "x-${Nope}"\n'), /Unresolved resource dependencies \[Nope\] in the Resources block/],
    ["a GetAtt on a missing resource", template("", "Outputs:\n  A:\n    Value: !GetAtt Ghost.Arn\n"), /^Template error: instance of Fn::GetAtt references undefined resource Ghost$/],
    ["a GetAtt on a missing attribute", template("", "Outputs:\n  A:\n    Value: !GetAtt Role.Colour\n"), /^Template error: resource Role does not support attribute type Colour in Fn::GetAtt$/],
    ["an output without Value", template("", "Outputs:\n  A:\n    Description: x\n"), /^Template format error: Every Outputs member must contain a Value object$/],
    ["a resource that refers to itself", template("      Description: !GetAtt Role.Arn\n"), /^Template format error: Circular dependency between resources: \[Role\]$/],
    ["a parameter without Type", template("", "", "Parameters:\n  P: { Default: x }\n"), /^Template format error: Every Parameters object must contain a Type member\.$/],
    ["an unknown parameter type", template("", "", "Parameters:\n  P: { Type: Strin }\n"), /^Template format error: Unrecognized parameter type: Strin$/],
    ["an AWS-specific parameter type", template("", "", "Parameters:\n  P: { Type: AWS::EC2::KeyPair::KeyName }\n"), /the sandbox does not support parameter type AWS::EC2::KeyPair::KeyName/],
  ])("refuses %s", (_label, text, message) => {
    expect(loadError(text)).toMatch(message);
  });
});

describe("intrinsics and resource failures at CreateStack", () => {
  let dir: string;
  let store: SandboxStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rolegate-cfn-"));
    store = SandboxStore.open(dir, "111111111111", () => {});
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const create = (text: string, parameters: Record<string, string> = {}) =>
    createStack(stackDepsWithoutSns(store), { templateText: text, templateURL: "http://x/t", stackName: "S1", region: "us-west-2", accountId: "135791357913", parameters, capabilities: ["CAPABILITY_NAMED_IAM"] }, new Date()).stack;

  it("resolves Fn::Join, Fn::Select, Fn::Split, ${!Literal}, AWS::NoValue and list parameters", () => {
    const stack = create(
      template(
        '      RoleName: !Join ["-", [!Select [1, !Split [",", "a,b,c"]], !Select [0, !Ref Names]]]\n      Description: !Sub "${!NotAVariable} in ${AWS::URLSuffix}"\n      MaxSessionDuration: !Ref AWS::NoValue\n',
        "Outputs:\n  Name:\n    Value: !Ref Role\n  Id:\n    Value: !GetAtt Role.RoleId\n",
        "Parameters:\n  Names: { Type: CommaDelimitedList, Default: 'x,y' }\n",
      ),
    );
    expect(stack.status).toBe("CREATE_COMPLETE");
    expect(stack.outputs.map((o) => o.value)).toEqual(["b-x", expect.stringMatching(/^AROA[A-Z0-9]{17}$/)]);
    expect(store.listRoles()[0]).toMatchObject({ description: "${NotAVariable} in amazonaws.com", maxSessionDuration: 3600 });
  });

  it("evaluates Conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition) for resources, outputs and Fn::If", () => {
    const head = "Parameters:\n  Env: { Type: String, Default: dev }\n  Extra: { Type: String, Default: '' }\n";
    const text =
      head +
      `Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasExtra: !Not [!Equals [!Ref Extra, ""]]
  ProdWithExtra: !And [!Condition IsProd, !Condition HasExtra]
  ProdOrExtra: !Or [!Condition IsProd, !Condition HasExtra]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !If [IsProd, ProdRole, !Sub "\${Env}-role"]
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" }
  ExtraRole:
    Type: AWS::IAM::Role
    Condition: ProdWithExtra
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" }
Outputs:
  Name: { Value: !Ref Role }
  Either: { Condition: ProdOrExtra, Value: yes }
  Extra: { Condition: ProdWithExtra, Value: !Ref ExtraRole }
`;
    const outputs = (parameters: Record<string, string>, name: string) => {
      const stack = createStack(stackDepsWithoutSns(store), { templateText: text, templateURL: "http://x/t", stackName: name, region: "us-west-2", accountId: "135791357913", parameters, capabilities: ["CAPABILITY_NAMED_IAM"] }, new Date()).stack;
      expect(stack.status).toBe("CREATE_COMPLETE");
      return [stack.resources.map((r) => r.logicalId), Object.fromEntries(stack.outputs.map((o) => [o.key, o.value]))];
    };
    expect(outputs({}, "A")).toEqual([["Role"], { Name: "dev-role" }]);
    expect(outputs({ Env: "test", Extra: "x" }, "B")).toEqual([["Role"], { Name: "test-role", Either: "yes" }]);
    const [resources, values] = outputs({ Env: "prod", Extra: "x" }, "C");
    expect(resources).toEqual(["Role", "ExtraRole"]);
    expect(values).toMatchObject({ Name: "ProdRole", Either: "yes", Extra: expect.stringMatching(/^C-ExtraRole-/) });
  });

  it("generates a physical name when RoleName is absent", () => {
    const stack = create(template("", "Outputs:\n  Name:\n    Value: !Ref Role\n"));
    expect(stack.outputs[0]?.value).toMatch(/^S1-Role-[A-Z0-9]{12}$/);
  });

  it.each([
    ["an unsupported property", "      Colour: blue\n", "Encountered unsupported property Colour"],
    ["a malformed trust policy", "", 'Resource handler returned message: "Has prohibited field Resource'],
    ["an invalid role name", "      RoleName: has space\n", "Properties validation failed for resource Role with message: #/RoleName: failed validation constraint for keyword [pattern]"],
    ["a session limit out of range", "      MaxSessionDuration: 60\n", "#/MaxSessionDuration: 60 is not greater or equal to 3600"],
  ])("rolls back on %s", async (label, extra, reason) => {
    const text = label.includes("trust")
      ? template().replace('Action: "sts:AssumeRole" }', 'Action: "sts:AssumeRole", Resource: "*" }')
      : template(extra);
    const stack = await createStack(stackDepsWithoutSns(store), { templateText: text, templateURL: "http://x/t", stackName: "S1", region: "us-west-2", accountId: "135791357913", parameters: {}, capabilities: ["CAPABILITY_NAMED_IAM"] }, new Date()).done;
    expect(stack.status).toBe("ROLLBACK_COMPLETE");
    expect(stack.statusReason).toContain(reason);
    expect(store.listRoles()).toHaveLength(0);
  });

  it("applies ConstraintDescription, AllowedValues and Number bounds", () => {
    const head =
      "Parameters:\n  Env: { Type: String, AllowedValues: [dev, prod], Default: dev }\n  Hours: { Type: Number, MinValue: 1, MaxValue: 12, Default: 1 }\n  Code: { Type: String, AllowedPattern: '[a-z]+', ConstraintDescription: lower-case letters only, Default: ok }\n";
    const text = template("", "", head);
    expect(() => create(text, { Env: "test" })).toThrow("Parameter 'Env' must be one of AllowedValues");
    expect(() => create(text, { Hours: "13" })).toThrow("Parameter 'Hours' must be a number not greater than 12");
    expect(() => create(text, { Hours: "soon" })).toThrow("Parameter 'Hours' must be a number");
    expect(() => create(text, { Code: "UPPER" })).toThrow("Parameter Code failed to satisfy constraint: lower-case letters only");
    expect(create(text, { Env: "prod", Hours: "12" }).status).toBe("CREATE_COMPLETE");
  });
});
