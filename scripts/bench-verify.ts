// npm run bench:verify [-- --runs 40 --latency 50]
// The full verification through Rolegate's code path (authorisation, rate limit, four STS calls and
// the S3 permission probe, history and status written to the database) against the sandbox, and in
// the same run the same five calls made directly with the SDK. Prints both medians and the ratio
// (target <= 1.10).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { startSandboxProcess, stats } from "./support/sandbox-process";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" }, latency: { type: "string", default: "50" } } });
const runs = Number(values.runs);
const latencyMs = Number(values.latency);
const port = 4590 + Math.floor(Math.random() * 8);

process.env.DATA_DIR ??= await mkdtemp(path.join(tmpdir(), "rolegate-bench-verify-"));
process.env.AWS_MODE = "sandbox";
process.env.SANDBOX_PORT = String(port);
process.env.LOG_LEVEL = "silent";

const sandbox = await startSandboxProcess(port);
const { closeDb } = await import("@/lib/db/client");
try {
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { createOrganization, getOrganization } = await import("@/lib/dal/organizations");
  const { createInvite, acceptInvite } = await import("@/lib/dal/invites");
  const { addConnection } = await import("@/lib/dal/connections");
  const { authenticate, createAdmin, loadViewer } = await import("@/lib/dal/users");
  const { runVerification } = await import("@/lib/verification/run");
  await migrateDatabase();

  const stamp = Date.now();
  const admin = (await loadViewer((await createAdmin({ email: `bench-${stamp}@bench.test`, name: "Bench", password: "bench password 123" })).id))!;
  const orgId = (await createOrganization(admin, { name: `Bench ${stamp}` })).id;
  const { externalId } = await getOrganization(admin, orgId);
  const memberEmail = `member-${stamp}@bench.test`;
  await acceptInvite((await createInvite(admin, { organizationId: orgId, email: memberEmail })).token, { name: "Bench member", password: "bench password 123" });
  const member = (await authenticate(memberEmail, "bench password 123"))!;
  const info = (await sandbox.control("GET", "/_sandbox/info")) as { partner: { accountId: string; accessKeyId: string; secretAccessKey: string } };
  const { arn: roleArn } = (await sandbox.control("POST", "/_sandbox/roles", {
    accountId: "222233334444",
    roleName: "RolegateBench",
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${info.partner.accountId}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } } }],
    },
  })) as { arn: string };
  const connection = await addConnection(member, { roleArn });
  if (latencyMs > 0) {
    await sandbox.control("POST", "/_sandbox/faults", { action: "*", kind: "latency", ms: latencyMs });
    await sandbox.control("POST", "/_sandbox/faults", { action: "ListBuckets", kind: "latency", ms: latencyMs });
  }

  const partner = new STSClient({ region: "us-east-1", endpoint: sandbox.url, credentials: info.partner, maxAttempts: 1 });
  const direct = async () => {
    const assumed = await partner.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "bench-direct", ExternalId: externalId, DurationSeconds: 900 }));
    const c = assumed.Credentials!;
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const asRole = new STSClient({ region: "us-east-1", endpoint: sandbox.url, maxAttempts: 1, credentials });
    await asRole.send(new GetCallerIdentityCommand({}));
    const s3 = new S3Client({ region: "us-east-1", endpoint: sandbox.url, forcePathStyle: true, maxAttempts: 1, credentials });
    for (const ExternalId of [undefined, "rolegate-wrong-external-id"]) {
      await partner.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "bench-direct", ExternalId, DurationSeconds: 900 })).then(
        () => { throw new Error("a negative check was allowed"); },
        (e: Error) => { if (e.name !== "AccessDenied") throw e; },
      );
    }
    await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
  };
  // The admin's limit (120 per 10 minutes) keeps the limiter in the measured path without tripping it.
  const portal = async () => {
    const result = await runVerification(admin, connection.id, { trigger: "manual" });
    if (result.status !== "verified") throw new Error(`portal verification ${result.status}: ${result.failure?.code}`);
  };
  const time = async (fn: () => Promise<void>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  for (let i = 0; i < 5; i++) {
    await direct();
    await portal(); // warm-up: JIT, connection pools, the first migration-free queries
  }
  const portalMs: number[] = [];
  const directMs: number[] = [];
  for (let i = 0; i < Math.min(runs, 100); i++) {
    // Interleaved, so both see the same machine noise.
    directMs.push(await time(direct));
    portalMs.push(await time(portal));
  }
  const p = stats(portalMs);
  const d = stats(directMs);
  console.log(`bench:verify  runs=${portalMs.length}  sandbox latency=${latencyMs} ms per STS and S3 call`);
  console.log(`  direct SDK (4 STS + 1 S3)  median ${d.median.toFixed(1)} ms   p95 ${d.p95.toFixed(1)} ms`);
  console.log(`  Rolegate verification      median ${p.median.toFixed(1)} ms   p95 ${p.p95.toFixed(1)} ms`);
  console.log(`  ratio (medians)            ${(p.median / d.median).toFixed(3)}   target <= 1.10`);
} finally {
  await closeDb();
  await sandbox.stop();
}
