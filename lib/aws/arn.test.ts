import { build } from "@aws-sdk/util-arn-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleRoleArn, parseAssumedRoleArn, parseRoleArn, type RoleArnErrorCode } from "./arn";

const A = "123456789012";

describe("parseRoleArn accepts IAM role ARNs", () => {
  it.each([
    [`arn:aws:iam::${A}:role/RolegateAccess`, { partition: "aws", path: "/", name: "RolegateAccess" }],
    [`arn:aws-cn:iam::${A}:role/RolegateAccess`, { partition: "aws-cn", path: "/", name: "RolegateAccess" }],
    [`arn:aws-us-gov:iam::${A}:role/RolegateAccess`, { partition: "aws-us-gov", path: "/", name: "RolegateAccess" }],
    [`arn:aws:iam::${A}:role/service-role/team/Name`, { partition: "aws", path: "/service-role/team/", name: "Name" }],
    [`arn:aws:iam::${A}:role/a:b!~/N`, { partition: "aws", path: "/a:b!~/", name: "N" }],
    [`arn:aws:iam::${A}:role/a+=,.@_-Z9`, { partition: "aws", path: "/", name: "a+=,.@_-Z9" }],
    [`arn:aws:iam::${A}:role/${"n".repeat(64)}`, { partition: "aws", path: "/", name: "n".repeat(64) }],
    [`arn:aws:iam::${A}:role/${"p".repeat(510)}/N`, { partition: "aws", path: `/${"p".repeat(510)}/`, name: "N" }],
  ])("%s", (arn, parts) => {
    expect(parseRoleArn(arn)).toEqual({ ok: true, role: { arn, accountId: A, ...parts } });
  });

  it("trims surrounding whitespace, including a pasted BOM and newline", () => {
    const arn = `arn:aws:iam::${A}:role/RolegateAccess`;
    for (const input of [`  ${arn}  `, `\t${arn}\n`, `\uFEFF${arn}\r\n`, `\u00A0${arn}`]) {
      const result = parseRoleArn(input);
      expect(result.ok && result.role.arn).toBe(arn);
    }
  });
});

describe("parseRoleArn refuses everything else, with one message per mistake", () => {
  const cases: [unknown, RoleArnErrorCode, string?][] = [
    [42, "not-text"],
    [null, "not-text"],
    [undefined, "not-text"],
    [{ arn: `arn:aws:iam::${A}:role/X` }, "not-text"],
    ["", "empty"],
    ["   \n ", "empty"],
    ["x".repeat(100_000), "too-long"],
    [`arn:aws:iam::${A}:role/${"a/".repeat(1100)}N`, "too-long"],
    [`arn:aws:iam::${A}:role/Rol\u0000e`, "control-characters"],
    [`arn:aws:iam::${A}:role/Role\u0085`, "control-characters"],
    [`arn:aws:iam::${A}:role/Role Name`, "whitespace"],
    [`arn:aws:iam::${A}:role/Role\tName`, "whitespace"],
    [`arn:aws:iam::${A}:role/Rolé`, "invalid-characters"],
    [`arn:aws:iam::${A}:role/Role\u200B`, "invalid-characters"],
    [A, "account-id-only", "account id"],
    ["12345", "account-id-only", "number"],
    ["RolegateAccess", "not-an-arn"],
    [`https://console.aws.amazon.com/iam/home#/roles/details/RolegateAccess`, "not-an-arn"],
    [`ARN:AWS:IAM::${A}:ROLE/X`, "not-an-arn", "lower case"],
    [`arn:aws:iam::${A}`, "incomplete-arn"],
    [`arn:aws-foo:iam::${A}:role/X`, "unknown-partition", '"aws-foo"'],
    [`arn:aws-iso:iam::${A}:role/X`, "unknown-partition"],
    [`arn:aws:sts::${A}:assumed-role/RolegateAccess/session`, "assumed-role-arn"],
    [`arn:aws:sts::${A}:federated-user/bob`, "not-iam", "sts"],
    ["arn:aws:s3:::my-bucket", "not-iam", "s3"],
    [`arn:aws:iam::${A}:user/alice`, "user-arn"],
    [`arn:aws:iam::${A}:group/admins`, "group-arn"],
    ["arn:aws:iam::aws:policy/ReadOnlyAccess", "policy-arn"],
    [`arn:aws:iam::${A}:policy/Mine`, "policy-arn"],
    [`arn:aws:iam::${A}:instance-profile/RolegateAccess`, "instance-profile-arn"],
    [`arn:aws:iam::${A}:root`, "root-arn"],
    [`arn:aws:iam::${A}:saml-provider/Okta`, "not-a-role", "saml-provider"],
    [`arn:aws:iam::${A}:Role/X`, "not-a-role"],
    [`arn:aws:iam:us-east-1:${A}:role/X`, "has-region"],
    ["arn:aws:iam::12345678901:role/X", "account-id-length", "has 11"],
    ["arn:aws:iam::1234567890123:role/X", "account-id-length", "has 13"],
    ["arn:aws:iam::12345678901a:role/X", "account-id-format"],
    ["arn:aws:iam:::role/X", "account-id-format"],
    [`arn:aws:iam::${A}:role`, "missing-role-name"],
    [`arn:aws:iam::${A}:role/`, "missing-role-name"],
    [`arn:aws:iam::${A}:role/path/`, "missing-role-name"],
    [`arn:aws:iam::${A}:role/Bad:Name`, "invalid-role-name"],
    [`arn:aws:iam::${A}:role/Bad!`, "invalid-role-name"],
    [`arn:aws:iam::${A}:role/${"n".repeat(65)}`, "invalid-role-name"],
    [`arn:aws:iam::${A}:role//Name`, "invalid-role-path"],
    [`arn:aws:iam::${A}:role/${"p".repeat(511)}/N`, "invalid-role-path"],
  ];

  it.each(cases)("%j → %s", (input, code, mentions) => {
    const result = parseRoleArn(input);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.message).toMatch(/ Must be an IAM role ARN, e\.g\. arn:aws:iam::123456789012:role\/RolegateAccess$/);
    if (mentions) expect(result.message).toContain(mentions);
  });

  it("gives each kind of mistake its own message", () => {
    const byCode = new Map<string, string>();
    for (const [input] of cases) {
      const result = parseRoleArn(input);
      if (!result.ok) byCode.set(result.code, result.message);
    }
    expect(new Set(byCode.values()).size).toBe(byCode.size);
  });

  it("refuses partitions the portal is not configured for, naming the one it serves", () => {
    const result = parseRoleArn(`arn:aws-cn:iam::${A}:role/X`, { partitions: ["aws"] });
    expect(result).toMatchObject({ ok: false, code: "partition-not-allowed" });
    expect(!result.ok && result.message).toContain("AWS commercial regions (aws)");
    expect(parseRoleArn(`arn:aws-cn:iam::${A}:role/X`, { partitions: ["aws-cn"] }).ok).toBe(true);
  });

  it("uses an example from the configured partition", () => {
    const result = parseRoleArn("nope", { partitions: ["aws-us-gov"] });
    expect(!result.ok && result.message).toContain(exampleRoleArn("aws-us-gov"));
    expect(exampleRoleArn("aws-us-gov")).toBe(`arn:aws-us-gov:iam::${A}:role/RolegateAccess`);
  });

  it("never echoes long or odd input back in a message", () => {
    const service = "<script>".repeat(10);
    const result = parseRoleArn(`arn:aws:${service}::${A}:thing`);
    expect(!result.ok && result.message).not.toContain("<script>");
  });
});

// An independent statement of IAM's rules, to check the parser against.
const ORACLE = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role(\/|\/[\u0021-\u007e]+\/)[\w+=,.@-]{1,64}$/;
function oracleAccepts(input: string): boolean {
  const arn = input.trim();
  const m = ORACLE.exec(arn);
  return m !== null && m[2]!.length <= 512;
}

const validName = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);
const validPath = fc
  .array(fc.stringMatching(/^[\u0021-\u002e\u0030-\u007e]{1,12}$/), { maxLength: 4 })
  .map((segments) => (segments.length === 0 ? "/" : `/${segments.join("/")}/`));
const anyText = fc.string({ unit: "binary", maxLength: 20 });
// Each part is usually right and sometimes wrong, so whole ARNs are often valid and often wrong in one place.
const mostly = <T,>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: wrong, weight: 1 });
const arnLike = fc
  .record({
    prefix: mostly(fc.constant("arn"), fc.constantFrom("ARN", "", "arn ", "urn")),
    partition: mostly(fc.constantFrom("aws", "aws-cn", "aws-us-gov"), fc.oneof(fc.constantFrom("aws-iso", "AWS", ""), anyText)),
    service: mostly(fc.constant("iam"), fc.oneof(fc.constantFrom("sts", "s3", "IAM"), anyText)),
    region: mostly(fc.constant(""), fc.oneof(fc.constant("us-east-1"), anyText)),
    account: mostly(fc.stringMatching(/^\d{12}$/), fc.oneof(fc.stringMatching(/^\d{0,15}$/), fc.constant("aws"), anyText)),
    type: mostly(fc.constant("role"), fc.oneof(fc.constantFrom("user", "policy", "instance-profile", "assumed-role"), anyText)),
    path: mostly(validPath, anyText),
    name: mostly(validName, anyText),
    padding: fc.constantFrom("", "", " ", "\n", "\t "),
  })
  .map((p) => `${p.padding}${p.prefix}:${p.partition}:${p.service}:${p.region}:${p.account}:${p.type}${p.path}${p.name}${p.padding}`);

describe("parseRoleArn under fuzzing", () => {
  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true }), (input) => {
        const result = parseRoleArn(input);
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
    );
    fc.assert(fc.property(fc.string({ unit: "binary" }), (input) => void parseRoleArn(input)));
  });

  it("accepts exactly what IAM's rules accept (never a non-role ARN)", () => {
    fc.assert(
      fc.property(fc.oneof(arnLike, fc.string({ unit: "binary" })), (input) => {
        expect(parseRoleArn(input).ok).toBe(oracleAccepts(input));
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips every ARN it accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(arnLike, (input) => {
        const result = parseRoleArn(input);
        if (!result.ok) return;
        accepted++;
        const { role } = result;
        expect(parseRoleArn(role.arn)).toEqual(result);
        expect(
          build({ partition: role.partition, service: "iam", region: "", accountId: role.accountId, resource: `role${role.path}${role.name}` }),
        ).toBe(role.arn);
      }),
      { numRuns: 2000 },
    );
    // The generator must reach valid ARNs often enough for this to mean something.
    expect(accepted).toBeGreaterThan(200);
  });
});

describe("parseAssumedRoleArn", () => {
  it("splits a role session ARN", () => {
    expect(parseAssumedRoleArn(`arn:aws:sts::${A}:assumed-role/RolegateAccess/rolegate-verify-1`)).toEqual({
      partition: "aws",
      accountId: A,
      roleName: "RolegateAccess",
      sessionName: "rolegate-verify-1",
    });
  });

  it.each([`arn:aws:iam::${A}:role/RolegateAccess`, `arn:aws:sts::${A}:assumed-role/RolegateAccess`, `arn:aws:sts::${A}:federated-user/x`, ""])(
    "refuses %j",
    (arn) => expect(parseAssumedRoleArn(arn)).toBeUndefined(),
  );
});
