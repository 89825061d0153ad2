import { randomBytes } from "node:crypto";
import type { ProbeGateway, ProbePort, ProbeResponse } from "@/lib/aws/probe-port";
import type { TemporaryCredentials } from "@/lib/aws/sts-port";
import { awsError, type FakeSts, settle } from "./fake-sts";

/** A reply: a value, an error to throw, or "hang" (until aborted). */
export type ProbeReply = ProbeResponse | Error | "hang";

/**
 * A scriptable {@link ProbeGateway} for verification tests. By default the role
 * grants its access: ListBuckets succeeds with credentials the FakeSts issued
 * (and is refused with any others). Queue replies to change that.
 */
export class FakeProbes implements ProbeGateway {
  /** Every call, in order, with the access key id it was made with. */
  readonly calls: { op: "ListBuckets"; accessKeyId: string }[] = [];
  readonly listBuckets: ProbeReply[] = [];

  constructor(private readonly sts: FakeSts) {}

  withCredentials(credentials: TemporaryCredentials): ProbePort {
    return {
      listBuckets: (signal) => {
        this.calls.push({ op: "ListBuckets", accessKeyId: credentials.accessKeyId });
        const known = this.sts.issued.some((c) => c.accessKeyId === credentials.accessKeyId && c.secretAccessKey === credentials.secretAccessKey && c.sessionToken === credentials.sessionToken);
        const reply = this.listBuckets.shift() ?? (known ? { requestId: `S3REQ${randomBytes(6).toString("hex").toUpperCase()}` } : awsError("InvalidAccessKeyId", { status: 403 }));
        return settle(reply, signal);
      },
    };
  }
}
