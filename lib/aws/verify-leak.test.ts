import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseRoleArn } from "./arn";
import type { TemporaryCredentials } from "./sts-port";
import { FakeProbes } from "@/tests/support/fake-probes";
import { awsError, FakeSts } from "@/tests/support/fake-sts";
import { type VerificationProgress, verifyConnection } from "./verify";

/**
 * Temporary credentials must never leave verification: not in the result, not
 * in progress events, not in anything thrown. These scenarios hand out
 * credentials of the real shape and even echo them back inside AWS errors and
 * identities, then search everything observable for them.
 */

const EXTERNAL_ID = "rolegate-leak-test-external-id";
const parsed = parseRoleArn("arn:aws:iam::123456789012:role/RolegateAccess");
if (!parsed.ok) throw new Error(parsed.message);
const role = parsed.role;

const echo = (c: TemporaryCredentials | undefined) =>
  c ? `key ${c.accessKeyId} secret ${c.secretAccessKey} token ${c.sessionToken}` : "none yet";

type Scenario = (sts: FakeSts, probes: FakeProbes) => void;
const scenarios: [string, Scenario][] = [
  ["verified", () => {}],
  ["insecure both ways (the negative calls hand out credentials too)", (sts) => {
    sts.withoutExternalId.push(sts.granted);
    sts.withWrongExternalId.push(sts.granted);
  }],
  ["GetCallerIdentity errors that quote the credentials", (sts) => {
    const quoting = () => awsError("Throttling", { message: `throttled ${echo(sts.issued[0])}`, requestId: sts.issued[0]?.secretAccessKey });
    sts.callerIdentity.push(quoting, quoting, () => awsError(sts.issued[0]!.accessKeyId, { message: echo(sts.issued[0]) }));
  }],
  ["an identity whose ARN carries the credentials", (sts) => {
    sts.callerIdentity.push(() => ({ account: "123456789012", arn: `arn:aws:sts::123456789012:assumed-role/RolegateAccess/${sts.issued[0]!.secretAccessKey}${sts.issued[0]!.sessionToken}` }));
  }],
  ["permission-probe errors that quote the credentials", (sts, probes) => {
    probes.listBuckets.push(awsError("SlowDown", { status: 503, message: `slow down ${echo(sts.issued[0])}` }));
    probes.listBuckets.push(awsError("AccessDenied", { status: 403, message: `denied ${echo(sts.issued[0])}`, requestId: "req-denied" }));
  }],
  ["negative-check errors that quote earlier credentials", (sts) => {
    sts.withoutExternalId.push(() => awsError("InternalFailure", { status: 500, message: echo(sts.issued[0]) }));
    sts.withWrongExternalId.push(() => awsError("ValidationError", { message: echo(sts.issued.at(-1)) }));
  }],
];

describe("verification never exposes temporary credentials", () => {
  it.each(scenarios)("%s", async (_, arrange) => {
    const sts = new FakeSts(role, EXTERNAL_ID);
    const probes = new FakeProbes(sts);
    arrange(sts, probes);
    const events: VerificationProgress[] = [];
    let thrown: unknown;
    let result: unknown;
    try {
      result = await verifyConnection({
        role,
        externalId: EXTERNAL_ID,
        connectionId: "leak-1",
        sts,
        probes,
        permissionSet: "s3-read-only",
        retryPropagation: true,
        onProgress: (p) => events.push(p),
        sleep: async () => {},
        random: () => 0,
      });
    } catch (error) {
      thrown = error;
    }

    expect(sts.issued.length).toBeGreaterThan(0);
    const observable = [result, events, thrown];
    const text = JSON.stringify(observable) + inspect(observable, { depth: null, showHidden: true });
    for (const c of sts.issued) {
      for (const secret of [c.accessKeyId, c.secretAccessKey, c.sessionToken, c.sessionToken.slice(100, 140), c.secretAccessKey.slice(10, 30)]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(text).not.toMatch(/ASIA[A-Z0-9]{16}/);
  });
});
