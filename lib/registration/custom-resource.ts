import "server-only";
import { z } from "zod";
import { findRegistrationToken } from "@/lib/dal/registration-tokens";
import { storeRegistrationRequest } from "@/lib/dal/registration-queue";
import { logger } from "@/lib/log";
import { checkResponseUrl } from "./response-url";
import { nudgeRegistrationWorker, responseTarget } from "./runtime";

/** The property that carries the registration token; it is never stored or logged. */
export const TOKEN_PROPERTY = "RegistrationToken";

const text = (max: number) => z.string().min(1).max(max);
const properties = z.record(z.string().max(256), z.unknown());

/** A CloudFormation custom-resource request, as the SNS notification's Message carries it. */
export const customResourceRequest = z.object({
  RequestType: z.enum(["Create", "Update", "Delete"]),
  ServiceToken: text(1024),
  ResponseURL: text(4096),
  StackId: text(1024),
  RequestId: text(256),
  LogicalResourceId: text(256),
  ResourceType: text(256),
  PhysicalResourceId: text(1024).optional(),
  ResourceProperties: properties.optional(),
  OldResourceProperties: properties.optional(),
});

export type CustomResourceRequest = z.infer<typeof customResourceRequest>;

/** One verified SNS notification from one of Rolegate's registration topics. */
export type CustomResourceDelivery = {
  /** SNS's MessageId: stable across SNS's retries of the same message. */
  messageId: string;
  topicArn: string;
  /** The topic's region, from its ARN. */
  region: string;
  /** SNS's Timestamp (ISO 8601), when the message was published. */
  timestamp: string;
  /** The notification's Message: CloudFormation's request, as JSON text. */
  message: string;
};

/** Whether the request was taken (stored durably, or seen before), or why not. */
export type CustomResourceReceipt = { ok: true } | { ok: false; status: 400 | 403 | 409; detail: string };

function withoutToken(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const { [TOKEN_PROPERTY]: _token, ...rest } = props ?? {};
  return rest;
}

/**
 * Takes a custom-resource request from a verified SNS notification: checks its form and that its
 * ResponseURL is one Rolegate may answer, then stores it for the registration worker and returns.
 * A request seen before (same SNS message, or same stack and request id) is accepted and changes
 * nothing: that is the replay protection. The token is looked up and only its row id is kept.
 */
export async function receiveCustomResourceRequest(input: CustomResourceDelivery): Promise<CustomResourceReceipt> {
  let json: unknown;
  try {
    json = JSON.parse(input.message);
  } catch {
    return { ok: false, status: 400, detail: "The message is not a CloudFormation custom-resource request (not JSON)." };
  }
  const parsed = customResourceRequest.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(message)"))].join(", ");
    return { ok: false, status: 400, detail: `The message is not a CloudFormation custom-resource request (check ${fields}).` };
  }
  const request = parsed.data;
  if (request.ServiceToken !== input.topicArn) {
    return { ok: false, status: 400, detail: "The request's ServiceToken is not the topic it was published to." };
  }
  if (request.RequestType !== "Create" && request.PhysicalResourceId === undefined) {
    return { ok: false, status: 400, detail: `A ${request.RequestType} request needs a PhysicalResourceId.` };
  }
  const url = checkResponseUrl(request.ResponseURL, input.region, responseTarget());
  if (!url.ok) return { ok: false, status: 403, detail: `${url.message}; Rolegate answers only CloudFormation.` };

  const token = await findRegistrationToken(request.ResourceProperties?.[TOKEN_PROPERTY]);
  const stored = await storeRegistrationRequest({
    snsMessageId: input.messageId,
    topicArn: input.topicArn,
    region: input.region,
    requestType: request.RequestType,
    stackId: request.StackId,
    requestId: request.RequestId,
    logicalResourceId: request.LogicalResourceId,
    resourceType: request.ResourceType,
    responseUrl: request.ResponseURL,
    physicalResourceId: request.PhysicalResourceId ?? null,
    properties: withoutToken(request.ResourceProperties),
    oldProperties: request.OldResourceProperties ? withoutToken(request.OldResourceProperties) : null,
    tokenId: token?.id ?? null,
    receivedAt: new Date(),
  });
  // Never the ResponseURL: its query is a presigned capability.
  logger().info(
    { snsMessageId: input.messageId, stackId: request.StackId, requestId: request.RequestId, requestType: request.RequestType, replay: !stored, tokenKnown: token !== null },
    "registration request received",
  );
  if (stored) nudgeRegistrationWorker();
  return { ok: true };
}
