import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

const CUSTOMER = "444444444444";
const PARTNER_USER = "arn:aws:iam::111111111111:user/rolegate-partner";

type Statement = Record<string, unknown>;

/** Each case: a trust policy, a request, and whether IAM lets the partner user in. */
const CASES: { name: string; statements: Statement[]; externalId?: string; allowed: boolean }[] = [
  { name: "account root principal", statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }], allowed: true },
  { name: "bare account id principal", statements: [{ Effect: "Allow", Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" }], allowed: true },
  { name: "the partner user's ARN", statements: [{ Effect: "Allow", Principal: { AWS: PARTNER_USER }, Action: "sts:AssumeRole" }], allowed: true },
  { name: "another user's ARN", statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:user/someone-else" }, Action: "sts:AssumeRole" }], allowed: false },
  { name: "another account's root", statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" }], allowed: false },
  { name: "a role ARN (the partner user is not that role)", statements: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/Other" }, Action: "sts:AssumeRole" }], allowed: false },
  { name: "Principal *", statements: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }], allowed: true },
  { name: 'Principal {"AWS": "*"}', statements: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }], allowed: true },
  { name: "a service principal only", statements: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }], allowed: false },
  { name: "Action sts:*", statements: [{ Effect: "Allow", Principal: "*", Action: "sts:*" }], allowed: true },
  { name: "an action list without AssumeRole", statements: [{ Effect: "Allow", Principal: "*", Action: ["sts:TagSession", "sts:AssumeRoleWithSAML"] }], allowed: false },
  { name: "NotAction excluding TagSession", statements: [{ Effect: "Allow", Principal: "*", NotAction: "sts:TagSession" }], allowed: true },
  { name: "action names are case-insensitive", statements: [{ Effect: "Allow", Principal: "*", Action: "STS:assumerole" }], allowed: true },
  {
    name: "Deny beats Allow",
    statements: [
      { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: { AWS: "111111111111" }, Action: "sts:AssumeRole" },
    ],
    allowed: false,
  },
  {
    name: "a Deny that does not match leaves the Allow",
    statements: [
      { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: { AWS: "999999999999" }, Action: "sts:AssumeRole" },
    ],
    allowed: true,
  },
  {
    name: "Deny unless the External ID matches, with the External ID",
    statements: [
      { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { StringNotEquals: { "sts:ExternalId": "good-id" } } },
    ],
    externalId: "good-id",
    allowed: true,
  },
  {
    name: "Deny unless the External ID matches, without one (a missing key satisfies StringNotEquals)",
    statements: [
      { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: { StringNotEquals: { "sts:ExternalId": "good-id" } } },
    ],
    allowed: false,
  },
  { name: "aws:PrincipalArn StringEquals, matching", statements: [cond({ StringEquals: { "aws:PrincipalArn": PARTNER_USER } })], allowed: true },
  { name: "aws:PrincipalArn StringEquals, other user", statements: [cond({ StringEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/x" } })], allowed: false },
  { name: "aws:PrincipalArn ArnLike with a wildcard", statements: [cond({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:user/rolegate-*" } })], allowed: true },
  { name: "aws:PrincipalArn with External ID, both right", statements: [cond({ StringEquals: { "sts:ExternalId": "e-1", "aws:PrincipalArn": PARTNER_USER } })], externalId: "e-1", allowed: true },
  { name: "aws:PrincipalArn with External ID, External ID wrong", statements: [cond({ StringEquals: { "sts:ExternalId": "e-1", "aws:PrincipalArn": PARTNER_USER } })], externalId: "e-2", allowed: false },
  { name: "StringLike External ID", statements: [cond({ StringLike: { "sts:ExternalId": "tenant-*" } })], externalId: "tenant-42", allowed: true },
  { name: "StringLike External ID, missing", statements: [cond({ StringLike: { "sts:ExternalId": "*" } })], allowed: false },
  { name: "one of several External IDs", statements: [cond({ StringEquals: { "sts:ExternalId": ["a-1", "b-2"] } })], externalId: "b-2", allowed: true },
  { name: "condition keys are case-insensitive", statements: [cond({ StringEquals: { "STS:EXTERNALID": "e-1" } })], externalId: "e-1", allowed: true },
  { name: "StringEqualsIfExists without the key", statements: [cond({ StringEqualsIfExists: { "sts:ExternalId": "e-1" } })], allowed: true },
  { name: "StringEqualsIfExists with a wrong key", statements: [cond({ StringEqualsIfExists: { "sts:ExternalId": "e-1" } })], externalId: "e-9", allowed: false },
  { name: "Null: External ID must be present", statements: [cond({ Null: { "sts:ExternalId": "false" } })], externalId: "any", allowed: true },
  { name: "Null: External ID must be present, absent", statements: [cond({ Null: { "sts:ExternalId": "false" } })], allowed: false },
  { name: "an extra External ID on a role without the condition", statements: [cond({})], externalId: "unexpected", allowed: true },
];

function cond(condition: Record<string, unknown>): Statement {
  return { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole", ...(Object.keys(condition).length ? { Condition: condition } : {}) };
}

describe("trust policy evaluation, through AssumeRole", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const arn = await t.createRole(CUSTOMER, `Case${i}`, { Version: "2012-10-17", Statement: c.statements });
    const res = await tryAssume(t.sts(), { RoleArn: arn, ...(c.externalId !== undefined ? { ExternalId: c.externalId } : {}) });
    expect(res.ok ? "allowed" : res.error.name).toBe(c.allowed ? "allowed" : "AccessDenied");
  });

  it("matches a role principal against sessions of that role, and aws:PrincipalArn holds the role ARN", async () => {
    const hop = await t.createRole("111111111111", "Hop", { Statement: [{ Effect: "Allow", Principal: { AWS: PARTNER_USER }, Action: "sts:AssumeRole" }] }, { path: "/ops/" });
    const byRole = await t.createRole(CUSTOMER, "ByRole", { Statement: [{ Effect: "Allow", Principal: { AWS: hop }, Action: "sts:AssumeRole" }] });
    const byArnCondition = await t.createRole(CUSTOMER, "ByPrincipalArn", { Statement: [cond({ StringEquals: { "aws:PrincipalArn": hop } })] });
    const bySession = await t.createRole(CUSTOMER, "BySession", {
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:sts::111111111111:assumed-role/Hop/rolegate-test" }, Action: "sts:AssumeRole" }],
    });
    const session = await tryAssume(t.sts(), { RoleArn: hop });
    if (!session.ok) throw session.error;
    const asHop = t.sts(sessionCredentials(session.result));
    expect(hop).toBe("arn:aws:iam::111111111111:role/ops/Hop");
    expect((await tryAssume(asHop, { RoleArn: byRole })).ok).toBe(true);
    expect((await tryAssume(asHop, { RoleArn: byArnCondition })).ok).toBe(true);
    expect((await tryAssume(asHop, { RoleArn: bySession })).ok).toBe(true);
    expect((await tryAssume(t.sts(), { RoleArn: byRole })).ok).toBe(false);
    // A role session is a principal of its account, so an account-root trust policy admits it.
    const viaRoot = await tryAssume(asHop, { RoleArn: `arn:aws:iam::${CUSTOMER}:role/Case0`, RoleSessionName: "s2" });
    expect(viaRoot.ok).toBe(true);
  });
});
