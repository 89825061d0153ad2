import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import pLimit from "p-limit";
import postgres from "postgres";
import { s3Settings, stsSettings } from "@/lib/aws/client-settings";
import type { Customer } from "./load-setup";

/**
 * The floor of a verification's CPU: only the work no implementation can skip, done by this script
 * with the SDK and the driver directly. The four STS calls (AssumeRole with the External ID,
 * GetCallerIdentity as the role, AssumeRole without it and with a wrong one, both refused), the S3
 * permission probe as the role, and the two writes (the history row, the connection's status). The
 * role session's clients take the settings already resolved by long-lived clients, as Rolegate's do.
 * Returns the CPU time of this process per verification, in ms.
 */
export async function verificationFloorCpuMs(options: {
  endpoint: string;
  partner: { accessKeyId: string; secretAccessKey: string };
  databaseUrl: string;
  customers: Customer[];
  count: number;
  concurrency: number;
}): Promise<number> {
  const region = "us-east-1";
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 10_000, requestTimeout: 10_000, throwOnRequestTimeout: true });
  const partner = new STSClient({ region, endpoint: options.endpoint, credentials: options.partner, maxAttempts: 1, requestHandler });
  const sessionSettings = {
    sts: stsSettings(partner.config),
    s3: s3Settings(new S3Client({ region, endpoint: options.endpoint, forcePathStyle: true, maxAttempts: 1, requestHandler }).config),
  };
  const sql = postgres(options.databaseUrl, { max: options.concurrency, onnotice: () => {} });
  const refused = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch {
      return;
    }
    throw new Error("the floor's role accepted a call it must refuse");
  };
  const one = async (customer: Customer) => {
    const session = `rolegate-floor-${Date.now()}`;
    const assumed = await partner.send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: session, ExternalId: customer.externalId }));
    const c = assumed.Credentials!;
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await new STSClient({ ...sessionSettings.sts, region, endpoint: options.endpoint, credentials, maxAttempts: 1, requestHandler }).send(new GetCallerIdentityCommand({}));
    await refused(partner.send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: session })));
    await refused(partner.send(new AssumeRoleCommand({ RoleArn: customer.roleArn, RoleSessionName: session, ExternalId: `${customer.externalId}-wrong` })));
    await new S3Client({ ...sessionSettings.s3, region, endpoint: options.endpoint, forcePathStyle: true, credentials, maxAttempts: 1, requestHandler }).send(new ListBucketsCommand({ MaxBuckets: 1 }));
    const now = new Date();
    await sql`insert into verifications (connection_id, organization_id, trigger, external_id, status, started_at, duration_ms, checks)
      values (${customer.connectionId}, ${customer.organizationId}, 'manual', ${customer.externalId}, 'verified', ${now}, 1, '[]'::jsonb)`;
    await sql`update connections set status = 'verified', last_checked_at = ${now}, last_verified_at = ${now}, updated_at = ${now} where id = ${customer.connectionId}`;
  };
  try {
    await one(options.customers[0]!); // warm-up: the clients' first request resolves their configuration
    const limit = pLimit(options.concurrency);
    const before = process.cpuUsage();
    await Promise.all(Array.from({ length: options.count }, (_, i) => limit(() => one(options.customers[i % options.customers.length]!))));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / options.count;
  } finally {
    partner.destroy();
    await sql.end();
  }
}
