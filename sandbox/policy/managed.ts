/**
 * The AWS managed policies the sandbox knows, by name: only the statements that
 * decide the calls the sandbox answers as a role (S3 ListBuckets, i.e.
 * s3:ListAllMyBuckets), copied from AWS's published documents. A managed policy
 * not listed here grants nothing in the sandbox.
 */

type PolicyDocument = { Version: string; Statement: Record<string, unknown>[] };

const MANAGED_POLICIES: Readonly<Record<string, PolicyDocument>> = {
  // The whole policy (v3).
  AmazonS3ReadOnlyAccess: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], Resource: "*" },
    ],
  },
  // Its S3 and STS actions; the rest of its one Allow statement (every other service) is left out.
  ReadOnlyAccess: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:DescribeJob", "s3:Get*", "s3:List*", "sts:GetCallerIdentity"], Resource: "*" }],
  },
  // Its S3 actions (statement BaseSecurityAuditStatement); no object data, but the bucket list.
  SecurityAudit: {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "BaseSecurityAuditStatement",
        Effect: "Allow",
        Action: [
          "s3:GetAccelerateConfiguration",
          "s3:GetAccessPoint",
          "s3:GetAccessPointPolicy",
          "s3:GetAccessPointPolicyStatus",
          "s3:GetAccountPublicAccessBlock",
          "s3:GetBucketAcl",
          "s3:GetBucketCORS",
          "s3:GetBucketLocation",
          "s3:GetBucketLogging",
          "s3:GetBucketNotification",
          "s3:GetBucketPolicy",
          "s3:GetBucketPolicyStatus",
          "s3:GetBucketPublicAccessBlock",
          "s3:GetBucketTagging",
          "s3:GetBucketVersioning",
          "s3:GetBucketWebsite",
          "s3:GetEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:GetReplicationConfiguration",
          "s3:ListAccessPoints",
          "s3:ListAllMyBuckets",
          "s3:ListMultiRegionAccessPoints",
        ],
        Resource: "*",
      },
    ],
  },
};

const AWS_MANAGED_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::aws:policy\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;

/** The names of the AWS managed policies the sandbox evaluates. */
export const KNOWN_MANAGED_POLICIES: readonly string[] = Object.keys(MANAGED_POLICIES);

/** The document of an AWS managed policy by ARN (`arn:<partition>:iam::aws:policy/<name>`), if the sandbox knows it. */
export function managedPolicyDocument(arn: string): PolicyDocument | undefined {
  const name = AWS_MANAGED_ARN.exec(arn)?.[2];
  return name !== undefined && Object.hasOwn(MANAGED_POLICIES, name) ? MANAGED_POLICIES[name] : undefined;
}

/** The ARN of an AWS managed policy in a partition. */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}
