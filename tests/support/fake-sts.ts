import { randomBytes } from "node:crypto";
import { STSServiceException } from "@aws-sdk/client-sts";
import { parseAssumedRoleArn, type RoleArn } from "@/lib/aws/arn";
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  CallerIdentity,
  StsGateway,
  StsPort,
  TemporaryCredentials,
} from "@/lib/aws/sts-port";

/**
 * A scriptable STS for verification tests. By default it behaves like a
 * correctly set-up role: AssumeRole with the right External ID succeeds, any
 * other AssumeRole is denied, and GetCallerIdentity (only with credentials it
 * issued) answers as the role session. Queue replies to change any of that.
 */

/** A reply: a value, an error to throw, "hang" (until aborted), or a function of the request. */
export type Reply<T> = T | Error | "hang" | ((request: AssumeRoleRequest | undefined) => T | Error | "hang");

/** Temporary credentials of the real shape (ASIA id, 40-character secret, long base64 session token). */
export function fakeCredentials(): TemporaryCredentials {
  const alnum = (n: number) =>
    Array.from(randomBytes(n), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");
  return {
    accessKeyId: `ASIA${alnum(16)}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(600).toString("base64")}`,
    expiration: new Date(Date.now() + 900_000),
  };
}

/** An error as the SDK throws it for an AWS error response. */
export function awsError(code: string, options: { status?: number; requestId?: string; message?: string } = {}): Error {
  return new STSServiceException({
    name: code,
    $fault: (options.status ?? 400) >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: options.status ?? 400, requestId: options.requestId ?? `req-${code}-${randomBytes(4).toString("hex")}` },
    message: options.message ?? `${code} (raw AWS text that must not reach a customer)`,
  });
}

/** An error as Node or the SDK's HTTP handler throws it. */
export function socketError(kind: "timeout" | "refused" | "reset"): Error {
  if (kind === "timeout") return Object.assign(new Error("request timed out"), { name: "TimeoutError" });
  return Object.assign(new Error(`socket ${kind}`), { code: kind === "refused" ? "ECONNREFUSED" : "ECONNRESET" });
}

type Op = "AssumeRole" | "GetCallerIdentity";

/** A scriptable {@link StsGateway}. */
export class FakeSts implements StsGateway {
  /** Every call, in order, with the identity that made it. */
  readonly calls: { identity: "partner" | "temporary"; op: Op; request?: AssumeRoleRequest; accessKeyId?: string }[] = [];
  /** Every set of credentials handed out. */
  readonly issued: TemporaryCredentials[] = [];
  readonly withExternalId: Reply<AssumeRoleResponse>[] = [];
  readonly withoutExternalId: Reply<AssumeRoleResponse>[] = [];
  readonly withWrongExternalId: Reply<AssumeRoleResponse>[] = [];
  readonly callerIdentity: Reply<CallerIdentity>[] = [];
  /** Identity the fake answers as; defaults to the role's. */
  identity: { partition: string; accountId: string; roleName: string };

  constructor(
    private readonly role: RoleArn,
    private readonly externalId: string,
  ) {
    this.identity = { partition: role.partition, accountId: role.accountId, roleName: role.name };
  }

  readonly partner: StsPort = {
    assumeRole: (request, signal) => {
      this.calls.push({ identity: "partner", op: "AssumeRole", request: { ...request } });
      const queue =
        request.externalId === undefined
          ? this.withoutExternalId
          : request.externalId === this.externalId
            ? this.withExternalId
            : this.withWrongExternalId;
      return this.answer(queue, request, signal, () =>
        request.roleArn === this.role.arn && request.externalId === this.externalId ? this.grant(request) : awsError("AccessDenied", { status: 403 }),
      );
    },
    getCallerIdentity: async () => {
      throw new Error("the partner's own identity is not part of verification");
    },
  };

  withCredentials(credentials: TemporaryCredentials): StsPort {
    return {
      assumeRole: async () => {
        throw new Error("verification never assumes a role as the role");
      },
      getCallerIdentity: (signal) => {
        this.calls.push({ identity: "temporary", op: "GetCallerIdentity", accessKeyId: credentials.accessKeyId });
        const known = this.issued.some((c) => c.accessKeyId === credentials.accessKeyId && c.secretAccessKey === credentials.secretAccessKey && c.sessionToken === credentials.sessionToken);
        return this.answer(this.callerIdentity, undefined, signal, () =>
          known ? this.whoAmI() : awsError("InvalidClientTokenId", { status: 403 }),
        );
      },
    };
  }

  /** A reply that grants the role (for queues). */
  readonly granted: Reply<AssumeRoleResponse> = (request) => this.grant(request!);

  /** A successful AssumeRole answer, with fresh credentials. */
  grant(request: AssumeRoleRequest): AssumeRoleResponse {
    const credentials = fakeCredentials();
    this.issued.push(credentials);
    this.lastSession = request.roleSessionName;
    const { partition, accountId, roleName } = this.identity;
    return {
      credentials,
      assumedRoleArn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${request.roleSessionName}`,
      requestId: `req-ok-${randomBytes(4).toString("hex")}`,
    };
  }

  private lastSession = "none";

  private whoAmI(): CallerIdentity {
    const { partition, accountId, roleName } = this.identity;
    const arn = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${this.lastSession}`;
    if (!parseAssumedRoleArn(arn)) throw new Error("fake built a bad session ARN");
    return { account: accountId, arn, userId: `AROAEXAMPLE:${this.lastSession}`, requestId: "req-whoami" };
  }

  private answer<T>(queue: Reply<T>[], request: AssumeRoleRequest | undefined, signal: AbortSignal | undefined, fallback: () => T | Error): Promise<T> {
    const next = queue.length > 0 ? queue.shift()! : fallback;
    const reply = typeof next === "function" ? (next as (r: AssumeRoleRequest | undefined) => T | Error | "hang")(request) : next;
    return settle(reply, signal);
  }
}

/** A fake's reply as the SDK gives it: a value, a rejection, or a call that hangs until `signal` aborts it. */
export function settle<T>(reply: T | Error | "hang", signal: AbortSignal | undefined): Promise<T> {
  if (reply === "hang") {
    return new Promise((_, reject) => {
      const abort = () => reject(Object.assign(new Error("Request aborted"), { name: "AbortError" }));
      if (signal?.aborted) abort();
      signal?.addEventListener("abort", abort, { once: true });
    });
  }
  return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
}
