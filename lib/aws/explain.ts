import type { StsErrorInfo } from "./aws-errors";
import { type CheckId, isNegativeCheck } from "./checks";
import { type ExplanationSide, missingPermissionsText, STS_ERROR_TEXTS } from "./explain-texts";

export type { ExplanationSide } from "./explain-texts";

/** What kind of problem an explanation is about. */
export type ExplanationCode =
  | "access-denied"
  | "identity-mismatch"
  | "insecure-no-external-id"
  | "insecure-wrong-external-id"
  | "missing-permissions"
  | "check-inconclusive"
  | "throttled"
  | "timeout"
  | "network"
  | "aborted"
  | "aws-unavailable"
  | "region-disabled"
  | "partner-credentials"
  | "validation"
  | "unknown";

/**
 * Why a verification did not succeed, in the customer's words. `awsCode` and
 * `requestId` are for a "details" disclosure; `adminDetail` is for partner admins only.
 */
export interface Explanation {
  code: ExplanationCode;
  title: string;
  detail: string;
  causes: string[];
  nextStep: string;
  side: ExplanationSide;
  adminDetail?: string;
  awsCode?: string;
  requestId?: string;
}

/** Everything a verification can end in, short of success. */
export type VerificationOutcome =
  | { kind: "sts-error"; check: CheckId; error: StsErrorInfo; propagationRetried?: boolean; stsRegion?: string }
  | { kind: "identity-mismatch"; expectedAccountId: string; expectedRoleName: string; actualArn: string; requestId?: string }
  | { kind: "insecure"; accepted: "no-external-id" | "wrong-external-id"; requestId?: string }
  | {
      kind: "missing-permissions";
      /** The API denied (`s3:ListBuckets`) and the IAM action behind it. */
      api: string;
      iamAction: string;
      permissionSet: { title: string; managedPolicies: string[] };
      awsCode?: string;
      requestId?: string;
      /** AWS's message, redacted: for admins only. */
      awsDetail?: string;
    };

/** The explanation for an outcome. */
export function explain(outcome: VerificationOutcome): Explanation {
  switch (outcome.kind) {
    case "insecure":
      return withIds(insecure(outcome.accepted), undefined, outcome.requestId);
    case "identity-mismatch":
      return withIds(
        {
          code: "identity-mismatch",
          title: "The role answered as a different account or role",
          detail: `Rolegate expected role ${outcome.expectedRoleName} in account ${outcome.expectedAccountId}, but AWS reported another identity.`,
          causes: ["Rolegate may be talking to an unexpected AWS STS endpoint."],
          nextStep: "Verify again. If it happens again, contact the partner: this points to a problem on their side.",
          side: "partner",
          adminDetail: `GetCallerIdentity with the temporary credentials returned ${outcome.actualArn}. Check the STS endpoint configuration.`,
        },
        undefined,
        outcome.requestId,
      );
    case "missing-permissions": {
      const text = missingPermissionsText(outcome);
      const { admin, ...customer } = text;
      const adminDetail = [admin, outcome.awsDetail && `AWS said: ${outcome.awsDetail}`].filter(Boolean).join(" ");
      return withIds({ code: "missing-permissions", ...customer, adminDetail }, outcome.awsCode, outcome.requestId);
    }
    case "sts-error":
      return stsError(outcome);
  }
}

function stsError(outcome: Extract<VerificationOutcome, { kind: "sts-error" }>): Explanation {
  const { error, check } = outcome;
  const context = { code: error.code, stsRegion: outcome.stsRegion, propagationRetried: outcome.propagationRetried ?? false };
  // With the role's own credentials, "denied" or "bad token" is not the customer's setup nor the partner's keys
  // (the permission check reports a denial as missing permissions before it gets here).
  const kind =
    (check === "caller-identity" || check === "permissions") && (error.kind === "access-denied" || error.kind === "partner-credentials")
      ? "unknown"
      : error.kind;
  const text = STS_ERROR_TEXTS[kind](context);
  // The permission probe goes to S3, not STS: point admins at the right endpoint.
  if (check === "permissions" && kind === "network") {
    text.admin = "The S3 endpoint of the permission probe could not be reached (DNS, firewall, proxy or AWS_ENDPOINT_URL_S3).";
  }
  const adminParts = [text.admin, error.detail && `AWS said: ${error.detail}`].filter(Boolean);
  const base = {
    code: kind as ExplanationCode,
    title: text.title,
    detail: text.detail,
    causes: text.causes,
    nextStep: text.nextStep,
    side: text.side,
    ...(adminParts.length > 0 && { adminDetail: adminParts.join(" ") }),
  };
  if (isNegativeCheck(check) && error.kind !== "aborted") {
    // A negative check that neither succeeded nor was denied proves nothing: the role is not accepted.
    return withIds(
      {
        ...base,
        code: "check-inconclusive",
        title: "Rolegate could not finish the External ID security check",
        detail: `Rolegate could not confirm that AWS refuses access to this role without your External ID, so the connection is not accepted yet. ${text.detail}`,
      },
      error.code,
      error.requestId,
    );
  }
  return withIds(base, error.code, error.requestId);
}

function insecure(accepted: "no-external-id" | "wrong-external-id"): Explanation {
  const without = accepted === "no-external-id";
  return {
    code: without ? "insecure-no-external-id" : "insecure-wrong-external-id",
    title: without ? "This role can be assumed without an External ID" : "This role accepts a wrong External ID",
    detail: without
      ? "This role can be assumed without an External ID. Add the sts:ExternalId condition to its trust policy."
      : "This role can be assumed with an External ID that is not yours. Make the sts:ExternalId condition in its trust policy require exactly your External ID.",
    causes: without
      ? [
          "The trust policy has no sts:ExternalId condition (for example, the role was made by hand).",
          "The condition uses an operator such as StringEqualsIfExists, which passes when no External ID is given.",
          "Another statement of the trust policy lets the partner in without the condition.",
        ]
      : [
          "The condition uses a pattern (StringLike with * or ?) or lists several External IDs.",
          "Another statement of the trust policy lets the partner in with a different condition.",
        ],
    nextStep:
      "Re-create the role from the Rolegate template, or edit its trust policy so its only statement for the partner requires sts:ExternalId to equal your External ID (StringEquals). Then verify again. Until then the connection is not accepted.",
    side: "customer",
  };
}

function withIds(explanation: Explanation, awsCode?: string, requestId?: string): Explanation {
  return { ...explanation, ...(awsCode && { awsCode }), ...(requestId && { requestId }) };
}
