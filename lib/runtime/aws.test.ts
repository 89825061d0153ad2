import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyStsError } from "@/lib/aws/aws-errors";
import { createStsGateway } from "@/lib/aws/sts";
import { type SandboxHandle, startSandbox } from "@/sandbox/server";
import { awsAnswer, partnerIdentity, PartnerIdentityError } from "./aws";

// What the start-up banner says when the partner identity cannot be read: AWS answered and refused
// the key, AWS answered something else, or AWS was not reached at all. Each is a different fix.

let sandbox: SandboxHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "rolegate-aws-"));
  sandbox = await startSandbox({ port: 0, dataDir });
  // aws mode with a key STS does not know, against an endpoint that answers as STS does.
  Object.assign(process.env, {
    AWS_MODE: "aws",
    AWS_ENDPOINT_URL_STS: sandbox.url,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the partner identity at start-up", () => {
  it("says that AWS rejected the key, with AWS's own code and words, not that AWS was unreachable", async () => {
    const error = await partnerIdentity().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerIdentityError);
    const answer = (error as PartnerIdentityError).answer;
    expect(answer).toBe("AWS rejected the credentials (InvalidClientTokenId: The security token included in the request is invalid.)");
    expect((error as Error).message).toContain(answer);
    expect(answer).not.toMatch(/unreachable|could not be reached/i);
  });

  it("says that AWS could not be reached when nothing answers", async () => {
    const closed = createStsGateway({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "AKIAX", secretAccessKey: "y" }, timeoutMs: 2_000 });
    const error = await closed.partner.getCallerIdentity().catch((e: unknown) => e);
    closed.destroy();
    expect(awsAnswer(classifyStsError(error))).toMatch(/^AWS could not be reached \(ECONNREFUSED/);
  });

  it("says what AWS answered otherwise", () => {
    expect(awsAnswer({ kind: "aws-unavailable", code: "ServiceUnavailable", httpStatus: 503, detail: "Service is unavailable" })).toBe(
      "AWS answered ServiceUnavailable: Service is unavailable (HTTP 503)",
    );
  });
});
