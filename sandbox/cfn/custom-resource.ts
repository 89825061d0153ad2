import { randomUUID } from "node:crypto";
import { clearTimeout, setTimeout } from "node:timers";
import { parseArn } from "../arn";
import { ResourceFailure } from "./errors";
import type { ResponseBox } from "./responses";

/** Publishes a custom resource request to its ServiceToken topic as CloudFormation, for the stack's account; throws the reason it cannot. */
export type CustomResourcePublisher = (topicArn: string, stack: { accountId: string; partition: string }, message: string) => void;

export interface CustomResourceGateway {
  publish: CustomResourcePublisher;
  responses: ResponseBox;
}

export interface CustomResourceCall {
  requestType: "Create" | "Update" | "Delete";
  stack: { stackId: string; region: string; accountId: string; partition: string };
  logicalId: string;
  type: string;
  /** Resolved properties, ServiceToken included. */
  properties: Record<string, unknown>;
  physicalId?: string;
}

export interface CustomResourceResult {
  physicalId: string;
  data: Record<string, string>;
}

/** AWS's largest response object. */
const MAX_RESPONSE_BYTES = 4096;
const DEFAULT_SERVICE_TIMEOUT = 3600;

/**
 * One request of the custom resource protocol: publish the request to the
 * ServiceToken's topic, then wait, at most ServiceTimeout seconds, for the
 * one PUT to its ResponseURL. A FAILED answer, no answer, or a malformed one
 * fails the resource (ResourceFailure) with CloudFormation's wording. A failed
 * Create carries the PhysicalResourceId its answer gave, for the rollback's Delete.
 */
export async function callCustomResource(gateway: CustomResourceGateway, call: CustomResourceCall): Promise<CustomResourceResult> {
  const { stack, logicalId } = call;
  let sent = false;
  const fail = (message: string, physicalId?: string) => new CustomResourceFailure(logicalId, message, sent, physicalId);
  const token = call.properties.ServiceToken;
  if (typeof token !== "string" || token === "") throw fail(`Properties validation failed for resource ${logicalId} with message: #: required key [ServiceToken] not found`);
  const timeout = serviceTimeout(call.properties.ServiceTimeout, logicalId);
  const arn = parseArn(token);
  if (!arn || (arn.service !== "sns" && arn.service !== "lambda")) throw fail(`Invalid service token: ${token}`);
  if (arn.service === "lambda") throw fail(`The sandbox supports only SNS topics as ServiceToken, not ${token}`);
  if (arn.region !== stack.region) throw fail(`Invalid service token: ${token} is in region ${arn.region}; a ServiceToken must be in the stack's region (${stack.region})`);

  const requestId = randomUUID();
  const response = gateway.responses.open(stack.region, stack.stackId, logicalId, requestId, Math.max(timeout, 7200));
  const request = {
    RequestType: call.requestType,
    ServiceToken: token,
    ResponseURL: response.url,
    StackId: stack.stackId,
    RequestId: requestId,
    LogicalResourceId: logicalId,
    ResourceType: call.type,
    ResourceProperties: stringify(call.properties),
    ...(call.physicalId !== undefined ? { PhysicalResourceId: call.physicalId } : {}),
  };
  try {
    gateway.publish(token, stack, JSON.stringify(request));
  } catch (err) {
    response.cancel();
    throw fail(`Failed to publish the custom resource request to ${token}: ${(err as Error).message}`);
  }
  sent = true;
  let timer: NodeJS.Timeout | undefined;
  // unref: a resource still waiting must not keep a process alive that is otherwise done.
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeout * 1000).unref()));
  const body = await Promise.race([response.body, timedOut]);
  clearTimeout(timer);
  if (body === undefined) {
    response.cancel();
    throw fail("Custom Resource failed to stabilize in expected time. CloudFormation did not receive a response from your Custom Resource within its ServiceTimeout.");
  }
  return readResponse(body, { stackId: stack.stackId, requestId, logicalId }, fail);
}

/**
 * A custom resource that failed. `sent`: its request was published (so the
 * provider may have made something, and a rollback sends Delete);
 * `physicalId`: what its FAILED answer named, if anything.
 */
export class CustomResourceFailure extends ResourceFailure {
  constructor(
    logicalId: string,
    message: string,
    readonly sent: boolean,
    readonly physicalId?: string,
  ) {
    super(logicalId, message);
  }
}

function readResponse(body: string, expected: { stackId: string; requestId: string; logicalId: string }, fail: (m: string, p?: string) => Error): CustomResourceResult {
  if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) throw fail("Response object is too long.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw fail("Invalid response object: the response is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw fail("Invalid response object: the response is not a JSON object.");
  const r = parsed as Record<string, unknown>;
  const physicalId = typeof r.PhysicalResourceId === "string" && r.PhysicalResourceId !== "" ? r.PhysicalResourceId : undefined;
  if (r.StackId !== expected.stackId || r.RequestId !== expected.requestId || r.LogicalResourceId !== expected.logicalId) {
    throw fail("Invalid response object: StackId, RequestId and LogicalResourceId must be those of the request.", physicalId);
  }
  if (r.Status === "FAILED") {
    throw fail(`Received response status [FAILED] from custom resource. Message returned: ${typeof r.Reason === "string" ? r.Reason : "(no reason)"}`, physicalId);
  }
  if (r.Status !== "SUCCESS") throw fail(`Invalid response object: Status must be SUCCESS or FAILED, got ${JSON.stringify(r.Status ?? null)}.`, physicalId);
  if (!physicalId) throw fail("Invalid PhysicalResourceId");
  const data: Record<string, string> = {};
  if (r.Data !== undefined) {
    if (typeof r.Data !== "object" || r.Data === null || Array.isArray(r.Data)) throw fail("Invalid response object: Data must be a JSON object.", physicalId);
    for (const [key, value] of Object.entries(r.Data)) data[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { physicalId, data };
}

function serviceTimeout(value: unknown, logicalId: string): number {
  if (value === undefined) return DEFAULT_SERVICE_TIMEOUT;
  const seconds = Number(value);
  if (typeof value === "boolean" || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new ResourceFailure(logicalId, `Properties validation failed for resource ${logicalId} with message: #/ServiceTimeout: must be an integer from 1 to 3600`);
  }
  return seconds;
}

/** CloudFormation passes every scalar property to a custom resource as a string. */
function stringify(value: unknown): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    return typeof v === "number" || typeof v === "boolean" ? String(v) : v;
  };
  return walk(value) as Record<string, unknown>;
}
