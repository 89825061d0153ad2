import type { PermissionSetId } from "./permission-sets";
import type { ProbePort } from "./probe-port";

/**
 * The permission probe of each permission set: one cheap read-only call the
 * set's policies must allow, made as the role after it is assumed. It proves
 * the access policy is still in place, not merely that the role can be assumed.
 */

/** One probe call: the API as customers read it in CloudTrail, the IAM action that authorises it, and how to make it. */
export interface PermissionProbe {
  /** `service:Operation`, as named to customers ("s3:ListBuckets was denied"). */
  api: string;
  /** The IAM action a policy must allow for it. */
  iamAction: string;
  call(port: ProbePort, signal?: AbortSignal): ReturnType<ProbePort["listBuckets"]>;
}

/**
 * S3 ListBuckets: free, one request, no resource to name, and allowed by all three
 * sets: AmazonS3ReadOnlyAccess and ReadOnlyAccess through `s3:List*`, SecurityAudit
 * by naming `s3:ListAllMyBuckets` in its base statement.
 */
const LIST_BUCKETS: PermissionProbe = {
  api: "s3:ListBuckets",
  iamAction: "s3:ListAllMyBuckets",
  call: (port, signal) => port.listBuckets(signal),
};

/** The probe for each built-in permission set. */
export const PERMISSION_PROBES: Readonly<Record<PermissionSetId, PermissionProbe>> = {
  "s3-read-only": LIST_BUCKETS,
  "read-only": LIST_BUCKETS,
  "security-audit": LIST_BUCKETS,
};
