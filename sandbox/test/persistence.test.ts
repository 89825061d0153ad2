import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerIdentity, externalIdTrust, sessionCredentials, startTestSandbox, tryAssume } from "./helpers";

describe("state survives a restart", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "rolegate-sandbox-persist-"));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("keeps the partner's key pair, the roles and unexpired sessions", async () => {
    const first = await startTestSandbox({ dataDir });
    const roleArn = await first.createRole("666666666666", "Durable", externalIdTrust(first.partner.accountId, "ext-durable"));
    const session = await tryAssume(first.sts(), { RoleArn: roleArn, ExternalId: "ext-durable" });
    if (!session.ok) throw session.error;
    const partnerBefore = first.sandbox.info().partner;
    await first.close();

    const second = await startTestSandbox({ dataDir });
    try {
      expect(second.sandbox.info().partner).toEqual(partnerBefore);
      expect((await tryAssume(second.sts(), { RoleArn: roleArn, ExternalId: "ext-durable" })).ok).toBe(true);
      const wrong = await tryAssume(second.sts(), { RoleArn: roleArn, ExternalId: "ext-other" });
      expect(wrong.ok ? "allowed" : wrong.error.name).toBe("AccessDenied");
      expect((await callerIdentity(second.sts(sessionCredentials(session.result)))).Arn).toBe(
        "arn:aws:sts::666666666666:assumed-role/Durable/rolegate-test",
      );
    } finally {
      await second.close();
    }
  });

  it("keeps SNS topics, subscriptions and the signing certificate", async () => {
    const sns = (t: Awaited<ReturnType<typeof startTestSandbox>>) => new SNSClient({ region: "us-east-1", endpoint: t.sandbox.url, credentials: t.partner, maxAttempts: 1 });
    const first = await startTestSandbox({ dataDir, snsRetry: { delaysMs: [], attemptTimeoutMs: 500 } });
    const { TopicArn } = await sns(first).send(new CreateTopicCommand({ Name: "kept" }));
    await sns(first).send(new SubscribeCommand({ TopicArn, Protocol: "https", Endpoint: "https://127.0.0.1:9/sns" }));
    const { certId, certificatePem } = JSON.parse(await readFile(join(dataDir, "state.json"), "utf8")).snsSigning as { certId: string; certificatePem: string };
    await first.close();

    const second = await startTestSandbox({ dataDir });
    try {
      const list = await sns(second).send(new ListSubscriptionsByTopicCommand({ TopicArn }));
      expect(list.Subscriptions?.map((s) => s.Endpoint)).toEqual(["https://127.0.0.1:9/sns"]);
      // Messages signed before the restart still verify: the same certificate is served at the same URL.
      const served = await fetch(`${second.sandbox.url}/SimpleNotificationService-${certId}.pem`);
      expect(served.status).toBe(200);
      expect(await served.text()).toBe(certificatePem);
      expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    } finally {
      await second.close();
    }
  });

  it("stores the state file readable by its owner only, since it holds a secret key", async () => {
    const t = await startTestSandbox({ dataDir });
    await t.close();
    const file = join(dataDir, "state.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(file, "utf8"));
    expect(state.partner.accessKeyId).toBe(t.partner.accessKeyId);
  });

  it("sets a damaged state file aside and starts fresh instead of refusing to start", async () => {
    await writeFile(join(dataDir, "state.json"), "{ this is not json");
    const t = await startTestSandbox({ dataDir });
    try {
      expect((await callerIdentity(t.sts())).Account).toBe("111111111111");
      expect((await readdir(dataDir)).some((name) => name.startsWith("state.json.corrupt-"))).toBe(true);
      expect(t.logs.join("\n")).toMatch(/unreadable/);
    } finally {
      await t.close();
    }
  });

  it("issues a new key pair when the partner account changes, keeping the roles", async () => {
    const first = await startTestSandbox({ dataDir });
    await first.createRole("666666666666", "Kept", externalIdTrust("111111111111", "x1"));
    await first.close();
    const second = await startTestSandbox({ dataDir, partnerAccountId: "777777777777" });
    try {
      expect(second.partner.accountId).toBe("777777777777");
      expect(second.partner.accessKeyId).not.toBe(first.partner.accessKeyId);
      expect((await second.control("GET", "/_sandbox/roles")).body.roles).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
