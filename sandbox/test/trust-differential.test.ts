/**
 * Differential test: the sandbox's trust-policy evaluator against
 * @cloud-copilot/iam-simulate (AGPL, a devDependency: imported only here, never
 * by runtime code) on random trust policies, callers and External IDs.
 *
 * What iam-simulate cannot express, and so is not compared here:
 * - a role principal with a path: from a session ARN (…:assumed-role/Name/s)
 *   it cannot know the role's path, so the roles here have the path "/";
 * - NotPrincipal, which the sandbox refuses in trust policies.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTrust } from "../policy/evaluate";
import { parseTrustPolicy } from "../policy/parse";

const PARTNER = "111111111111";
const OTHER = "999999999999";
const HOP_ROLE = `arn:aws:iam::${PARTNER}:role/Hop`;

const CALLERS = [
  { arn: `arn:aws:iam::${PARTNER}:user/rolegate-partner`, accountId: PARTNER, principalArn: `arn:aws:iam::${PARTNER}:user/rolegate-partner`, type: "User" },
  { arn: `arn:aws:iam::${PARTNER}:user/intern`, accountId: PARTNER, principalArn: `arn:aws:iam::${PARTNER}:user/intern`, type: "User" },
  { arn: `arn:aws:sts::${PARTNER}:assumed-role/Hop/s1`, accountId: PARTNER, principalArn: HOP_ROLE, roleArn: HOP_ROLE, type: "AssumedRole" },
  { arn: `arn:aws:iam::${OTHER}:user/mallory`, accountId: OTHER, principalArn: `arn:aws:iam::${OTHER}:user/mallory`, type: "User" },
];

const principal = fc.constantFrom<unknown>(
  "*",
  { AWS: "*" },
  { AWS: PARTNER },
  { AWS: `arn:aws:iam::${PARTNER}:root` },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { AWS: `arn:aws:iam::${PARTNER}:user/rolegate-partner` },
  { AWS: [`arn:aws:iam::${OTHER}:user/mallory`, HOP_ROLE] },
  { AWS: HOP_ROLE },
  { AWS: `arn:aws:sts::${PARTNER}:assumed-role/Hop/s1` },
  { Service: "ec2.amazonaws.com" },
);

const action = fc.constantFrom<Record<string, unknown>>(
  { Action: "sts:AssumeRole" },
  { Action: "sts:*" },
  { Action: "*" },
  { Action: "sts:Assume*" },
  { Action: ["sts:TagSession", "sts:SetSourceIdentity"] },
  { NotAction: "sts:TagSession" },
  { NotAction: "sts:AssumeRole" },
);

const VALUES: Record<string, string[]> = {
  "sts:ExternalId": ["ext-a", "EXT-A", "ext-*", "ext-?", "other"],
  "aws:PrincipalArn": [
    `arn:aws:iam::${PARTNER}:user/rolegate-partner`,
    `arn:aws:iam::${PARTNER}:user/*`,
    HOP_ROLE,
    `arn:aws:iam::${PARTNER}:*`,
    `arn:aws:iam::${OTHER}:user/mallory`,
    // A wildcard that would swallow a colon: ARN operators match part by part, string operators do not.
    "arn:aws:iam::*",
    "arn:aws:iam::*:role/Hop",
  ],
  "aws:PrincipalAccount": [PARTNER, OTHER, "1111*"],
};
const STRING_OPS = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"];
const ARN_OPS = ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"];

// Weighted towards sts:ExternalId, the key Rolegate depends on, and towards a missing key.
const conditionEntry = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...STRING_OPS), fc.boolean(), fc.constantFrom("sts:ExternalId", "sts:ExternalId", "aws:PrincipalArn", "aws:PrincipalAccount"))
      .chain(([op, ifExists, key]) =>
        fc.subarray(VALUES[key] ?? [], { minLength: 1, maxLength: 2 }).map((values) => [op + (ifExists ? "IfExists" : ""), key, values] as const),
      ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...ARN_OPS), fc.boolean()).chain(([op, ifExists]) =>
      fc.subarray(VALUES["aws:PrincipalArn"] ?? [], { minLength: 1, maxLength: 2 }).map((values) => [op + (ifExists ? "IfExists" : ""), "aws:PrincipalArn", values] as const),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom("sts:ExternalId", "aws:PrincipalArn"), fc.constantFrom("true", "false")).map(([key, v]) => ["Null", key, [v]] as const),
  },
);

const statement = fc
  .record({ effect: fc.constantFrom("Allow", "Allow", "Deny"), principal, action, conditions: fc.array(conditionEntry, { maxLength: 2 }) })
  .map(({ effect, principal, action, conditions }) => {
    const Condition: Record<string, Record<string, string[]>> = {};
    for (const [op, key, values] of conditions) (Condition[op] ??= {})[key] = [...values];
    return { Effect: effect, Principal: principal, ...action, ...(conditions.length ? { Condition } : {}) };
  });

const scenario = fc.record({
  statements: fc.array(statement, { minLength: 1, maxLength: 3 }),
  caller: fc.constantFrom(...CALLERS),
  externalId: fc.constantFrom(undefined, undefined, "ext-a", "EXT-A", "ext-b", "other"),
  roleAccount: fc.constantFrom("222222222222", PARTNER),
});

describe("trust evaluation agrees with @cloud-copilot/iam-simulate", () => {
  it("on random trust policies, callers and External IDs", async () => {
    const outcomes = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async ({ statements, caller, externalId, roleAccount }) => {
        const policy = { Version: "2012-10-17", Statement: statements };
        const role = `arn:aws:iam::${roleAccount}:role/Target`;
        const context: Record<string, string> = { "aws:PrincipalArn": caller.principalArn, "aws:PrincipalAccount": caller.accountId };
        if (externalId !== undefined) context["sts:ExternalId"] = externalId;

        const reference = await runSimulation(
          {
            request: { principal: caller.arn, action: "sts:AssumeRole", resource: { resource: role, accountId: roleAccount }, contextVariables: context },
            // The caller's own policies allow everything, so the trust policy alone decides.
            identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policy,
          },
          {},
        );
        if (reference.resultType === "error") throw new Error(`iam-simulate refused the scenario: ${JSON.stringify(reference.errors)}`);
        const ours = evaluateTrust(parseTrustPolicy(policy), {
          caller: { partition: "aws", accountId: caller.accountId, arn: caller.arn, ...(caller.roleArn ? { roleArn: caller.roleArn } : {}) },
          resourcePartition: "aws",
          action: "sts:AssumeRole",
          context: Object.fromEntries(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v])),
        });
        outcomes[ours.effect === "allow" ? "allowed" : "denied"] += 1;
        expect(ours.effect === "allow", JSON.stringify({ policy, caller: caller.arn, externalId, roleAccount })).toBe(
          reference.overallResult === "Allowed",
        );
      }),
      { numRuns: 2000, seed: 20260101 },
    );
    // Guards against a generator that only ever produces one answer.
    expect(outcomes.allowed).toBeGreaterThan(300);
    expect(outcomes.denied).toBeGreaterThan(300);
  });
});
