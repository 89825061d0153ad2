import type { StsErrorKind } from "./aws-errors";

/**
 * The words for each kind of failed STS call, in the customer's terms. Raw AWS
 * text never goes in `title`, `detail`, `causes` or `nextStep`; admins get it,
 * redacted, in `adminDetail`.
 */

/** Who can fix a problem. */
export type ExplanationSide = "customer" | "partner" | "aws";

/** The customer-facing part of an explanation. */
export interface ExplanationText {
  title: string;
  detail: string;
  causes: string[];
  nextStep: string;
  side: ExplanationSide;
  /** For partner admins only: what to look at on the partner's side. */
  admin?: string;
}

/** Facts an explanation may mention (never raw exception text). */
export interface TextContext {
  code?: string;
  stsRegion?: string;
  propagationRetried: boolean;
}

const CAUSE = {
  notReady: "The CloudFormation stack has not finished, or AWS has not made the new role usable yet (this can take a minute).",
  notCreated: "The stack has not been created yet or has not finished (it must show CREATE_COMPLETE), or AWS has not made the new role usable yet (this can take a minute).",
  otherExternalId:
    "The stack was created with a different External ID: its ExternalId parameter was edited, or it was created before the External ID shown here replaced an older one.",
  wrongArn: "The ARN is not the stack's RoleArn output: it names another role or another account (check the account id and the role name).",
  trustChanged: "The role's trust policy was changed after the stack created it.",
  deleted: "The role, or the stack that created it, was deleted.",
  organizationPolicy: "A policy of your AWS Organization (for example a resource control policy) blocks access from outside it.",
};

/** After waiting for propagation, an unready role is the first suspect; without waiting, a wrong ARN is. */
function accessDeniedCauses(propagationRetried: boolean): string[] {
  return propagationRetried
    ? [CAUSE.notReady, CAUSE.otherExternalId, CAUSE.wrongArn, CAUSE.trustChanged, CAUSE.deleted, CAUSE.organizationPolicy]
    : [CAUSE.wrongArn, CAUSE.notCreated, CAUSE.trustChanged, CAUSE.otherExternalId, CAUSE.deleted, CAUSE.organizationPolicy];
}

const PARTNER_CREDENTIALS_ADMIN: Record<string, string> = {
  InvalidClientTokenId: "STS does not recognise the partner's access key id (deleted, inactive, or from another partition).",
  SignatureDoesNotMatch: "The partner's secret access key does not match its access key id.",
  ExpiredToken: "The partner's session token has expired; the credential source must refresh it.",
  ExpiredTokenException: "The partner's session token has expired; the credential source must refresh it.",
  CredentialsProviderError:
    "The AWS SDK's default credential chain found no usable credentials (environment, profile, instance or task role).",
};

/** The explanation text for a failed STS call of the given kind. */
export const STS_ERROR_TEXTS: Record<StsErrorKind, (c: TextContext) => ExplanationText> = {
  "access-denied": (c) => ({
    title: "AWS refused Rolegate access to the role",
    detail: c.propagationRetried
      ? "AWS kept answering “access denied” while Rolegate waited for the new role to become usable. AWS does not say why; these are the usual reasons."
      : "AWS answered “access denied”. AWS does not say why; these are the usual reasons.",
    causes: accessDeniedCauses(c.propagationRetried),
    nextStep:
      "Open the stack in the CloudFormation console: check that it is CREATE_COMPLETE, that its ExternalId parameter is the External ID shown on this page, and copy RoleArn from its Outputs again. Then verify again.",
    side: "customer",
    admin:
      "STS AssumeRole was denied. Besides the customer's side, check that the partner identity may call sts:AssumeRole (its policies, permissions boundary, SCPs) and, if a verifier role is configured, that Rolegate runs as it.",
  }),
  throttled: () => ({
    title: "AWS is limiting requests right now",
    detail: "AWS asked Rolegate to slow down, and the check could not finish in time.",
    causes: ["Many requests to AWS at once, from Rolegate or other software."],
    nextStep: "Wait a minute, then verify again.",
    side: "aws",
  }),
  timeout: () => ({
    title: "AWS did not answer in time",
    detail: "Rolegate asked AWS several times and did not get an answer in time.",
    causes: ["A slow network between Rolegate and AWS.", "A temporary problem at AWS."],
    nextStep: "Verify again in a moment. If it keeps happening, contact the partner.",
    side: "aws",
  }),
  network: () => ({
    title: "Rolegate could not reach AWS",
    detail: "The connection between Rolegate and AWS failed. Nothing is known to be wrong with your role.",
    causes: ["A network problem on the partner's side."],
    nextStep: "Verify again in a moment. If it keeps happening, contact the partner.",
    side: "partner",
    admin: "The STS endpoint could not be reached (DNS, firewall, proxy or endpoint override).",
  }),
  aborted: () => ({
    title: "The verification was stopped",
    detail: "The verification stopped before it finished, so its result is unknown. Nothing was changed.",
    causes: [],
    nextStep: "Verify again.",
    side: "partner",
  }),
  "aws-unavailable": () => ({
    title: "AWS reported an internal error",
    detail: "AWS could not handle the request just now. Nothing is known to be wrong with your role.",
    causes: ["A temporary problem at AWS."],
    nextStep: "Verify again in a few minutes.",
    side: "aws",
  }),
  "region-disabled": (c) => ({
    title: "AWS STS is turned off for your account in the region Rolegate uses",
    detail: `Rolegate asks AWS STS in ${c.stsRegion ?? "its configured region"} for access to your role, and AWS only allows that when the role's account has STS active in that region.`,
    causes: [
      "The STS endpoint for this region was deactivated in your account (IAM console, Account settings).",
      "The region is an opt-in region that your account has not enabled.",
    ],
    nextStep: `In the IAM console, open Account settings and activate the STS endpoint for ${c.stsRegion ?? "that region"} (or ask the partner which region it uses). Then verify again.`,
    side: "customer",
    admin:
      "RegionDisabledException: AWS checks the account the credentials are requested for (the customer's), not the caller's. A partner STS region that is active by default (e.g. us-east-1) avoids this.",
  }),
  "partner-credentials": (c) => ({
    title: "A problem on the partner's side",
    detail: "Rolegate could not use its own AWS credentials, so it could not check your role. Nothing is known to be wrong with your setup.",
    causes: [],
    nextStep: "Try again later. If it persists, contact the partner.",
    side: "partner",
    admin: PARTNER_CREDENTIALS_ADMIN[c.code ?? ""] ?? "STS rejected the partner's own credentials.",
  }),
  "clock-skew": () => ({
    title: "A problem on the partner's side",
    detail: "Rolegate's request was rejected before AWS looked at your role. Nothing is known to be wrong with your setup.",
    causes: [],
    nextStep: "Try again later. If it persists, contact the partner.",
    side: "partner",
    admin: "AWS rejected the request signature as expired: the server's clock is off. Synchronise it (NTP).",
  }),
  validation: () => ({
    title: "AWS rejected the request as invalid",
    detail: "AWS did not accept the request Rolegate made for this role.",
    causes: ["The ARN is not one AWS accepts for this role.", "A problem with Rolegate's request on the partner's side."],
    nextStep: "Check that the ARN is exactly the stack's RoleArn output. If it is, contact the partner.",
    side: "partner",
  }),
  unknown: () => ({
    title: "Something unexpected went wrong",
    detail: "The check failed for a reason Rolegate does not recognise.",
    causes: [],
    nextStep: "Verify again. If it keeps failing, contact the partner with the details below.",
    side: "partner",
  }),
};

/** What the permission check's row says when its call was denied. */
export function missingPermissionsMessage(api: string): string {
  return `${api} was denied: the role's access policy was changed or removed; update the stack.`;
}

/** The explanation text for a role that can be assumed but whose permission probe was denied. */
export function missingPermissionsText(c: { api: string; iamAction: string; permissionSet: { title: string; managedPolicies: string[] } }): ExplanationText {
  const managed = c.permissionSet.managedPolicies;
  const policies = managed.length > 0 ? ` (AWS managed policy ${managed.join(", ")})` : "";
  return {
    title: `Missing permissions: ${c.api} was denied`,
    detail: `Rolegate assumed the role, but AWS denied ${c.api}, which the role's ${c.permissionSet.title} access${policies} must allow. The role's access policy was changed or removed; update the stack.`,
    causes: [
      `The role's access policy was changed or removed after the stack created it${managed.length > 0 ? ` (for example ${managed[0]} was detached)` : ""}.`,
      `A policy denies ${c.iamAction}: a Deny statement added to the role, a permissions boundary, or a service control policy of your AWS Organization.`,
    ],
    nextStep: `Update the CloudFormation stack with the current Rolegate template (or attach${policies ? ` ${managed.join(", ")}` : " the access policy"} to the role again), and remove any Deny of ${c.iamAction}. Then verify again.`,
    side: "customer",
    admin: `${c.api} (IAM action ${c.iamAction}) as the role's session was denied. If every connection fails this check, look at the partner's side: an S3 VPC endpoint policy, or a proxy in front of S3.`,
  };
}
