import { parseRoleArn, type RoleArn } from "@/lib/aws/arn";
import { type VerificationProgress, type VerifyInput, verifyConnection } from "@/lib/aws/verify";
import { FakeProbes } from "./fake-probes";
import { FakeSts } from "./fake-sts";

export const EXTERNAL_ID = "rolegate-customer-one-external-id";
export const role = (arn = "arn:aws:iam::123456789012:role/team/RolegateAccess"): RoleArn => {
  const parsed = parseRoleArn(arn);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.role;
};

/** A verification against a fake STS and probe, with a clock whose sleeps pass instantly. */
export function setup(overrides: Partial<VerifyInput> = {}) {
  const r = overrides.role ?? role();
  const sts = new FakeSts(r, EXTERNAL_ID);
  const probes = new FakeProbes(sts);
  let now = Date.UTC(2025, 0, 1);
  const sleeps: number[] = [];
  const progress: VerificationProgress[] = [];
  const input: VerifyInput = {
    role: r,
    externalId: EXTERNAL_ID,
    connectionId: "c0ffee00-1234-4abc-9def-000000000001",
    sts,
    probes,
    permissionSet: "s3-read-only",
    retryPropagation: false,
    stsRegion: "us-east-1",
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    onProgress: (p) => progress.push(p),
    ...overrides,
  };
  return { sts, probes, input, sleeps, progress, run: () => verifyConnection(input) };
}

export const states = (result: Awaited<ReturnType<typeof verifyConnection>>) => result.checks.map((c) => [c.id, c.state]);
