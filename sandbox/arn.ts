/** The partition a region belongs to, as the console and CloudFormation derive it. */
export function partitionForRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** CloudFormation's AWS::URLSuffix for a partition. */
export function urlSuffixForPartition(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Splits an ARN into its six parts; undefined when it is not one. */
export function parseArn(value: string): Arn | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", accountId = ""] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

export interface RoleArnParts {
  partition: string;
  accountId: string;
  path: string;
  roleName: string;
}

/** Reads `arn:P:iam::ACCOUNT:role/path/Name`; undefined for anything else. */
export function parseRoleArn(value: string): RoleArnParts | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== "iam" || arn.region !== "" || !ACCOUNT_ID_PATTERN.test(arn.accountId)) return undefined;
  const match = /^role(\/(?:.*\/)?)([^/]+)$/.exec(arn.resource);
  if (!match) return undefined;
  return { partition: arn.partition, accountId: arn.accountId, path: match[1] ?? "/", roleName: match[2] ?? "" };
}

export function roleArn(partition: string, accountId: string, path: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
}

export function userArn(partition: string, accountId: string, userName: string): string {
  return `arn:${partition}:iam::${accountId}:user/${userName}`;
}

export function assumedRoleArn(partition: string, accountId: string, roleName: string, sessionName: string): string {
  return `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
