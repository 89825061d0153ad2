/**
 * Rolegate's registration topics (one per region, the same name in each) and whether each region's
 * is ready: created, its policy lets customer stacks publish, and Rolegate's endpoint is confirmed.
 * The launch link offers zero-paste registration only in a ready region.
 */

/** One region's state, as start-up provisioning left it. */
export type RegionState = { ready: true; topicArn: string } | { ready: false; attempts: number; lastError?: string };

const globalForTopics = globalThis as unknown as { rolegateRegistrationTopics?: Map<string, RegionState> };

function states(): Map<string, RegionState> {
  return (globalForTopics.rolegateRegistrationTopics ??= new Map());
}

/** True when this region's registration topic is set up and subscribed, so a stack launched there can register itself. */
export function registrationRegionReady(region: string): boolean {
  return states().get(region)?.ready === true;
}

/** Every region's state (for logs and tests). */
export function registrationRegionStates(): ReadonlyMap<string, RegionState> {
  return new Map(states());
}

/** Records a region's state. */
export function setRegionState(region: string, state: RegionState): void {
  states().set(region, state);
}

/** Forgets every region's state (tests). */
export function resetRegionStates(): void {
  states().clear();
}

/** `arn:<partition>:sns:<region>:<account>:<name>`. */
export function topicArnOf(partition: string, region: string, accountId: string, topicName: string): string {
  return `arn:${partition}:sns:${region}:${accountId}:${topicName}`;
}

/** The Sid of the statement Rolegate adds; a statement with this Sid is left as the operator made it. */
export const PUBLISH_STATEMENT_SID = "RolegateRegistrationPublish";

/**
 * The topic policy with Rolegate's statement added: anyone may publish (CloudFormation does so on
 * behalf of each customer's account, and those are not known in advance); every message is still
 * authenticated by its registration token and External ID. Null when the statement is already there.
 */
export function topicPolicyWithPublish(existing: string | undefined, topicArn: string): string | null {
  let policy: { Version?: string; Statement?: unknown };
  try {
    policy = existing ? (JSON.parse(existing) as typeof policy) : {};
  } catch {
    policy = {};
  }
  if (!policy || typeof policy !== "object") policy = {};
  const statements = Array.isArray(policy.Statement) ? (policy.Statement as unknown[]) : policy.Statement ? [policy.Statement] : [];
  if (statements.some((s) => s && typeof s === "object" && (s as { Sid?: unknown }).Sid === PUBLISH_STATEMENT_SID)) return null;
  const statement = { Sid: PUBLISH_STATEMENT_SID, Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: topicArn };
  return JSON.stringify({ Version: policy.Version ?? "2012-10-17", ...policy, Statement: [...statements, statement] });
}
