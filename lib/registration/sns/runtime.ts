import { ConfirmSubscriptionCommand, type SNSClient } from "@aws-sdk/client-sns";
import { systemClock } from "@/lib/aws/retry";
import { getConfig, isBuildPhase } from "@/lib/config";
import { logger } from "@/lib/log";
import { receiveCustomResourceRequest } from "@/lib/registration/custom-resource";
import { partnerCredentials } from "@/lib/runtime/aws";
import { partnerAccountId } from "@/lib/runtime/template";
import { signingCertificate } from "./certificates";
import { createSnsClient } from "./client";
import type { SnsIngress } from "./ingress";
import { provisionTopics } from "./provision";

/** Start-up wiring of zero-paste registration: SNS clients as the partner, the topics, the ingress. */

/** The path SNS delivers to. */
export const SNS_ENDPOINT_PATH = "/api/aws/sns";

const START_DELAY_MS = 1_000;

const globalForSns = globalThis as unknown as { rolegateSnsClients?: Map<string, Promise<SNSClient>>; rolegateTopicsStarted?: boolean };

/** The partner's SNS client for a region (the sandbox's endpoint and key pair in sandbox mode). */
export function snsClient(region: string): Promise<SNSClient> {
  const clients = (globalForSns.rolegateSnsClients ??= new Map());
  let client = clients.get(region);
  if (!client) {
    const endpoint = getConfig().registration?.snsEndpoint;
    client = partnerCredentials().then((credentials) => createSnsClient({ region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) }));
    client.catch(() => clients.delete(region)); // the sandbox was not up yet: ask again next time
    clients.set(region, client);
  }
  return client;
}

/**
 * Provisions every configured region's topic in the background, once per process; never blocks
 * or fails start-up (a region that fails is retried with backoff and falls back to the manual path).
 */
export function startRegistrationTopics(): void {
  const registration = getConfig().registration;
  if (!registration || isBuildPhase() || globalForSns.rolegateTopicsStarted) return;
  globalForSns.rolegateTopicsStarted = true;
  const endpointUrl = `${getConfig().appUrl}${SNS_ENDPOINT_PATH}`;
  if (getConfig().aws.mode === "aws" && !endpointUrl.startsWith("https://")) {
    logger().warn({ endpointUrl }, "registration: APP_URL is not https://, so SNS delivers registrations to Rolegate unencrypted");
  }
  const stop = new AbortController();
  process.once("SIGTERM", () => stop.abort());
  process.once("SIGINT", () => stop.abort());
  const run = () =>
    provisionTopics({ topicName: registration.topicName, regions: registration.regions, endpointUrl, client: snsClient, clock: systemClock, log: logger(), signal: stop.signal }).catch(
      (error: unknown) => logger().error({ err: error instanceof Error ? error.message : String(error) }, "registration topics: provisioning stopped"),
    );
  // Start-up calls this before the server listens; SNS's confirmation should find it listening.
  setTimeout(run, START_DELAY_MS).unref();
}

/** The SNS ingress as configured, or null when zero-paste registration is off. */
export function snsIngress(): SnsIngress | null {
  const config = getConfig();
  if (!config.registration) return null;
  const origin = config.registration.snsEndpoint ? new URL(config.registration.snsEndpoint).origin : config.sandbox.url;
  return {
    partition: config.aws.partition,
    topicName: config.registration.topicName,
    regions: config.registration.regions,
    partnerAccountId,
    certificateSource: config.aws.mode === "sandbox" ? { kind: "sandbox", origin } : { kind: "aws", partition: config.aws.partition },
    certificate: signingCertificate,
    confirmSubscription: async ({ topicArn, region, token }) => {
      await (await snsClient(region)).send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: token }));
    },
    receive: receiveCustomResourceRequest,
    now: () => new Date(),
    log: logger(),
  };
}
