import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "@/lib/aws/retry";
import { fakeSns } from "@/tests/support/sns";
import { createSnsClient } from "./client";
import { provisionTopics, type ProvisionOptions } from "./provision";
import { PUBLISH_STATEMENT_SID, registrationRegionReady, registrationRegionStates, resetRegionStates } from "./topics";

const ACCOUNT = "111122223333";
const ENDPOINT = "http://127.0.0.1:3000/api/aws/sns";

let sns: Awaited<ReturnType<typeof fakeSns>>;
let lines: { level: string; fields: Record<string, unknown>; message: string }[];
let confirm: boolean;
let now: number;
let retrySleeps: number[];
let onRetrySleep: (n: number) => void;

const clock: Clock = {
  now: () => now,
  random: () => 0.5,
  sleep: async (ms) => {
    now += ms;
    if (ms >= 30_000) onRetrySleep(retrySleeps.push(ms));
  },
};

beforeEach(async () => {
  resetRegionStates();
  lines = [];
  confirm = true;
  now = 0;
  retrySleeps = [];
  onRetrySleep = () => {};
  // Stands in for SNS delivering the confirmation and the endpoint confirming it.
  sns = await fakeSns({ accountId: ACCOUNT, onSubscribe: (s) => void setImmediate(() => confirm && (s.arn ??= `${s.topicArn}:sub-1`)) });
});
afterEach(() => sns.close());

function options(overrides: Partial<ProvisionOptions> = {}): ProvisionOptions {
  return {
    topicName: "rolegate-registration",
    regions: ["us-east-1", "eu-west-1"],
    endpointUrl: ENDPOINT,
    client: async (region) => createSnsClient({ region, endpoint: sns.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x".repeat(40) }, timeoutMs: 5_000 }),
    clock,
    log: { info: (fields, message) => lines.push({ level: "info", fields: fields as Record<string, unknown>, message }), warn: (fields, message) => lines.push({ level: "warn", fields: fields as Record<string, unknown>, message }) },
    retryBackoff: { baseMs: 60_000, capMs: 600_000 },
    ...overrides,
  };
}

const actions = (action: string) => sns.calls.filter((c) => c.action === action);

describe("provisionTopics", () => {
  it("creates each region's topic, lets anyone publish, signs with version 2 and subscribes Rolegate", async () => {
    const result = await provisionTopics(options());
    expect(result).toMatchObject({ ready: ["us-east-1", "eu-west-1"], failed: [] });
    for (const region of ["us-east-1", "eu-west-1"]) {
      const topic = sns.topics.get(`arn:aws:sns:${region}:${ACCOUNT}:rolegate-registration`)!;
      expect(topic.attributes.SignatureVersion).toBe("2");
      const policy = JSON.parse(topic.attributes.Policy!) as { Statement: Record<string, unknown>[] };
      expect(policy.Statement).toContainEqual({ Sid: PUBLISH_STATEMENT_SID, Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: topic.arn });
      expect(policy.Statement.map((s) => s.Sid)).toContain("__default_statement_ID");
      expect(sns.subscriptions.filter((s) => s.topicArn === topic.arn)).toEqual([expect.objectContaining({ protocol: "http", endpoint: ENDPOINT, arn: expect.stringMatching(/^arn:/) })]);
      expect(registrationRegionReady(region)).toBe(true);
    }
    expect(registrationRegionReady("us-west-2")).toBe(false);
    expect(lines.filter((l) => l.level === "info").map((l) => l.message)).toEqual(["registration topics: 2 of 2 regions ready"]);
  });

  it("changes nothing on a second run, and keeps an operator's narrowed statement", async () => {
    await provisionTopics(options());
    const topic = sns.topics.get(`arn:aws:sns:us-east-1:${ACCOUNT}:rolegate-registration`)!;
    const narrowed = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: PUBLISH_STATEMENT_SID, Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: topic.arn, Condition: { StringEquals: { "aws:SourceOrgID": "o-example" } } }] });
    topic.attributes.Policy = narrowed;
    const before = { set: actions("SetTopicAttributes").length, subscribe: actions("Subscribe").length };
    resetRegionStates();
    expect(await provisionTopics(options())).toMatchObject({ ready: ["us-east-1", "eu-west-1"] });
    expect(actions("SetTopicAttributes").length).toBe(before.set);
    expect(actions("Subscribe").length).toBe(before.subscribe);
    expect(topic.attributes.Policy).toBe(narrowed);
    expect(sns.subscriptions).toHaveLength(2);
  });

  it("reports a failing region with what AWS said, retries it with backoff, and makes it ready once AWS agrees", async () => {
    sns.failRegions.add("eu-west-1");
    onRetrySleep = (n) => n === 2 && sns.failRegions.delete("eu-west-1");
    const result = await provisionTopics(options());
    expect(result).toMatchObject({ ready: ["us-east-1"], failed: ["eu-west-1"] });
    expect(registrationRegionReady("us-east-1")).toBe(true);
    expect(registrationRegionReady("eu-west-1")).toBe(false);
    const failure = lines.find((l) => l.level === "warn" && l.fields.region === "eu-west-1")!;
    expect(failure.message).toMatch(/registration topic in eu-west-1 is not ready: AuthorizationError\w*: User is not authorized to perform: SNS:CreateTopic in eu-west-1 \(HTTP 403\)/);
    expect(lines.find((l) => l.message.startsWith("registration topics:"))).toMatchObject({ level: "warn", message: expect.stringMatching(/1 of 2 regions ready; retrying eu-west-1/) });

    await result.retries;
    expect(lines.filter((l) => l.fields.region === "eu-west-1" && l.level === "warn")).toHaveLength(1); // the same answer twice is told once
    expect(registrationRegionReady("eu-west-1")).toBe(true);
    expect(retrySleeps).toEqual([45_000, 90_000]);
    expect(lines.at(-1)).toMatchObject({ level: "info", message: "registration topic ready in eu-west-1", fields: { attempts: 3 } });
  });

  it("keeps a region not ready while its subscription stays pending, and stops retrying on shutdown", async () => {
    confirm = false;
    const stop = new AbortController();
    onRetrySleep = () => stop.abort();
    const result = await provisionTopics(options({ regions: ["us-east-1"], confirmationWindowMs: 10_000, signal: stop.signal }));
    expect(result.failed).toEqual(["us-east-1"]);
    expect(lines[0]!.message).toMatch(/us-east-1 is not ready: the subscription of http:\/\/127\.0\.0\.1:3000\/api\/aws\/sns is still pending confirmation/);
    await result.retries;
    expect(registrationRegionReady("us-east-1")).toBe(false);
    expect(registrationRegionStates().get("us-east-1")).toMatchObject({ ready: false, attempts: 1 });
  });
});
