import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssumeRoleCommand, type AssumeRoleCommandInput, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { type SandboxHandle, type SandboxOptions, startSandbox } from "../server";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A sandbox on an ephemeral port with its own temporary data directory, plus clients for it. */
export interface TestSandbox {
  sandbox: SandboxHandle;
  dataDir: string;
  logs: string[];
  partner: Credentials & { accountId: string; arn: string };
  /** An STS client as the app builds one: real SDK, endpoint override; one attempt so faults show. */
  sts(credentials?: Credentials, region?: string): STSClient;
  // Parsed JSON whose shape each test asserts; typing it here would only restate the assertions.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Creates a role through the control API and returns its ARN. */
  createRole(accountId: string, roleName: string, trustPolicy: unknown, extra?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "rolegate-sandbox-")));
  const logs: string[] = [];
  const sandbox = await startSandbox({ port: 0, ...opts, dataDir, log: (msg) => logs.push(msg) });
  const info = sandbox.info();
  const partner = { ...info.partner };
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    sandbox,
    dataDir,
    logs,
    partner,
    sts: (credentials = partner, region = "us-east-1") =>
      new STSClient({ region, endpoint: sandbox.url, credentials, maxAttempts: 1 }),
    control,
    createRole: async (accountId, roleName, trustPolicy, extra = {}) => {
      const res = await control("POST", "/_sandbox/roles", { accountId, roleName, trustPolicy, ...extra });
      if (res.status !== 201) throw new Error(`createRole failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.arn as string;
    },
    close: async () => {
      await sandbox.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The trust policy Rolegate's template creates: the partner account's root, with the External ID. */
export function externalIdTrust(partnerAccountId: string, externalId: string, extraCondition: Record<string, unknown> = {}) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${partnerAccountId}:root` },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId }, ...extraCondition },
      },
    ],
  };
}

/** Runs AssumeRole and returns the result, or the SDK's thrown error. */
export async function tryAssume(client: STSClient, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }) {
  try {
    return { ok: true as const, result: await client.send(new AssumeRoleCommand({ RoleSessionName: "rolegate-test", ...input })) };
  } catch (error) {
    return { ok: false as const, error: error as Error & { $metadata: { httpStatusCode?: number; requestId?: string }; $fault: string } };
  }
}

export async function callerIdentity(client: STSClient) {
  return client.send(new GetCallerIdentityCommand({}));
}

/** Credentials object from an AssumeRole result, for a second client. */
export function sessionCredentials(result: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): Credentials {
  const c = result.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("AssumeRole returned no credentials");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
