/**
 * PLACEHOLDER until the registration processing lands: the SNS route hands CloudFormation's
 * custom-resource requests here. Refuses every request, so nothing is stored or answered.
 */

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

/** Takes a custom-resource request delivered through SNS. */
export async function receiveCustomResourceRequest(delivery: CustomResourceDelivery): Promise<CustomResourceReceipt> {
  void delivery;
  return { ok: false, status: 400, detail: "registration is not available" };
}
