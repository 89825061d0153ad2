import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { connections, verifications } from "@/lib/db/schema";
import { getOrganization } from "@/lib/dal/organizations";
import type { Viewer } from "@/lib/dal/viewer";
import { JobWorker } from "@/lib/jobs/worker";
import { verifyTarget } from "@/lib/verification/run";
import type { FaultSpec } from "@/sandbox/faults";
import { type SandboxHandle, startSandbox } from "@/sandbox/server";
import { accountId } from "@/tests/support/jobs";
import { TcpProxy } from "@/tests/support/tcp-proxy";

/** A sandbox (the local STS) in this process, with its control API. */
export type FaultSandbox = SandboxHandle & {
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /**
   * Creates a role trusting the partner, requiring the organisation's External ID (or, given null,
   * open to the confused deputy: no condition); returns its ARN.
   */
  role(externalId: string | null, name?: string, account?: string): Promise<string>;
  deleteRole(arn: string): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts a sandbox on a free port and points this process's configuration at it. Call before
 * anything reads the configuration (it is parsed once, on first use).
 */
export async function startFaultSandbox(): Promise<FaultSandbox> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "rolegate-faults-"));
  const sandbox = await startSandbox({ port: 0, dataDir });
  process.env.AWS_MODE = "sandbox";
  process.env.SANDBOX_PORT = new URL(sandbox.url).port;
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${route}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? {} : ((await response.json()) as { arn?: string });
  };
  const partner = sandbox.info().partner.accountId;
  return Object.assign(sandbox, {
    fault: async (spec: FaultSpec) => void (await control("POST", "/_sandbox/faults", spec)),
    clearFaults: async () => void (await control("DELETE", "/_sandbox/faults")),
    role: async (externalId: string | null, name = `Faults${Math.floor(Math.random() * 1e9)}`, account = accountId()) => {
      const trustPolicy = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${partner}:root` },
            Action: "sts:AssumeRole",
            ...(externalId === null ? {} : { Condition: { StringEquals: { "sts:ExternalId": externalId } } }),
          },
        ],
      };
      const { arn } = await control("POST", "/_sandbox/roles", { accountId: account, roleName: name, trustPolicy });
      return arn!;
    },
    deleteRole: async (arn: string) => void (await control("DELETE", `/_sandbox/roles/${encodeURIComponent(arn)}`)),
    stop: async () => {
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** The organisation's External ID, as its roles must require it. */
export async function externalIdOf(admin: Viewer, organizationId: string): Promise<string> {
  return (await getOrganization(admin, organizationId)).externalId;
}

/** A connection's verification history, oldest first, straight from the table. */
export async function historyOf(connectionId: string) {
  return getDb().select().from(verifications).where(eq(verifications.connectionId, connectionId)).orderBy(asc(verifications.startedAt));
}

/** A connection's row, straight from the table. */
export async function connectionRow(connectionId: string) {
  const [row] = await getDb().select().from(connections).where(eq(connections.id, connectionId));
  if (!row) throw new Error(`connection ${connectionId} not found`);
  return row;
}

/** Runs `work` and returns its outcome (value or error) with how long it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = Date.now();
  try {
    const value = await work();
    return { value, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

/** A creation time old enough that a connection counts as established (no propagation wait). */
export const TWO_HOURS_AGO = () => new Date(Date.now() - 2 * 3600_000);

/**
 * Puts a TCP proxy between this process and the PostgreSQL server at `direct` and points
 * DATABASE_URL at it. Configuration is parsed on first use, so call it before the first query:
 * from then on every query of this process goes through the proxy.
 */
export async function proxyDatabase(direct: string): Promise<TcpProxy> {
  const url = new URL(direct);
  const proxy = await new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) }).start();
  url.host = `127.0.0.1:${proxy.port}`;
  process.env.DATABASE_URL = url.toString();
  return proxy;
}

/** A started worker on one job that verifies for real and lists the connections it verified. */
export function recordingWorker(jobId: string): { worker: JobWorker; verified: string[] } {
  const verified: string[] = [];
  const worker = new JobWorker({
    jobIds: [jobId],
    verify: async (target, options) => {
      const result = await verifyTarget(target, options);
      verified.push(target.connectionId);
      return result;
    },
    settings: { pollMs: 20, concurrency: 3, prefetch: 0 },
  }).start();
  return { worker, verified };
}
