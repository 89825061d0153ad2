import { parse as parseArn, validate as looksLikeArn } from "@aws-sdk/util-arn-parser";
import { type MessageContext, type RoleArnErrorCode, roleArnMessage } from "./arn-messages";
import { isPartition, type Partition, PARTITIONS } from "./partitions";
import { ROLE_NAME_RE } from "./validation";

export { exampleRoleArn, type RoleArnErrorCode } from "./arn-messages";

/** A validated IAM role ARN, split into its parts. `arn` is the trimmed input, unchanged. */
export interface RoleArn {
  arn: string;
  partition: Partition;
  accountId: string;
  /** `/` or `/…/`; not part of the role's session ARN. */
  path: string;
  name: string;
}

/** The outcome of {@link parseRoleArn}: the role, or one customer-facing message for what is wrong. */
export type ParseRoleArnResult =
  | { ok: true; role: RoleArn }
  | { ok: false; code: RoleArnErrorCode; message: string };

/** Which partitions the portal accepts (default: all three). */
export interface ParseRoleArnOptions {
  partitions?: readonly Partition[];
}

/** STS's own limit on `RoleArn`; anything longer cannot be a role ARN. */
export const MAX_ROLE_ARN_LENGTH = 2048;
const MAX_PATH_LENGTH = 512;

// Checked against the raw input before trimming, so a huge paste costs no work.
const MAX_RAW_LENGTH = 8192;
// C0, DEL and C1 controls: a paste from a PDF or terminal can carry them invisibly.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;
const PRINTABLE_ASCII_RE = /^[\u0021-\u007e]*$/;

const RESOURCE_MISTAKES: Record<string, RoleArnErrorCode> = {
  user: "user-arn",
  group: "group-arn",
  policy: "policy-arn",
  "instance-profile": "instance-profile-arn",
  root: "root-arn",
};

/**
 * Validates a pasted IAM role ARN (surrounding whitespace trimmed) against IAM's
 * rules and the allowed partitions. Never throws, whatever `input` is.
 */
export function parseRoleArn(input: unknown, options: ParseRoleArnOptions = {}): ParseRoleArnResult {
  const allowed = options.partitions?.length ? options.partitions : PARTITIONS;
  const context: MessageContext = { allowed };
  const fail = (code: RoleArnErrorCode, extra: Partial<MessageContext> = {}): ParseRoleArnResult => ({
    ok: false,
    code,
    message: roleArnMessage(code, { ...context, ...extra }),
  });

  if (typeof input !== "string") return fail("not-text");
  if (input.length > MAX_RAW_LENGTH) return fail("too-long");
  const arn = input.trim();
  if (arn === "") return fail("empty");
  if (arn.length > MAX_ROLE_ARN_LENGTH) return fail("too-long");
  // Tabs and line breaks are whitespace to the person who pasted them, so that check comes first.
  if (/\s/.test(arn)) return fail("whitespace");
  if (CONTROL_RE.test(arn)) return fail("control-characters");
  if (!PRINTABLE_ASCII_RE.test(arn)) return fail("invalid-characters");
  if (/^\d+$/.test(arn)) return fail("account-id-only", { digits: arn.length });
  if (!arn.startsWith("arn:")) return fail("not-an-arn");
  if (!looksLikeArn(arn)) return fail("incomplete-arn");

  const { partition, service, region, accountId, resource } = parseArn(arn);
  if (!isPartition(partition)) return fail("unknown-partition", { partition });
  if (!allowed.includes(partition)) return fail("partition-not-allowed", { partition });
  if (service === "sts" && resource.startsWith("assumed-role/")) return fail("assumed-role-arn");
  if (service !== "iam") return fail("not-iam", { service });

  const slash = resource.indexOf("/");
  const resourceType = slash === -1 ? resource : resource.slice(0, slash);
  if (resourceType !== "role") {
    if (Object.hasOwn(RESOURCE_MISTAKES, resourceType)) return fail(RESOURCE_MISTAKES[resourceType]!);
    return fail("not-a-role", { resourceType });
  }
  if (region !== "") return fail("has-region");
  if (!/^\d+$/.test(accountId)) return fail("account-id-format");
  if (accountId.length !== 12) return fail("account-id-length", { digits: accountId.length });

  // resource is "role" + path + name, where the path runs to the last "/".
  const pathAndName = resource.slice("role".length);
  const lastSlash = pathAndName.lastIndexOf("/");
  if (lastSlash === -1) return fail("missing-role-name");
  const path = pathAndName.slice(0, lastSlash + 1);
  const name = pathAndName.slice(lastSlash + 1);
  if (name === "") return fail("missing-role-name");
  // IAM's path rule is `/` or `/[\u0021-\u007E]+/`; the characters were checked on the
  // whole ARN above, so what is left is the length and an empty middle (`//`).
  if (path.length > MAX_PATH_LENGTH || path === "//") return fail("invalid-role-path");
  if (!ROLE_NAME_RE.test(name)) return fail("invalid-role-name");

  return { ok: true, role: { arn, partition, accountId, path, name } };
}

/** The parts of an STS role session ARN: `arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`. */
export interface AssumedRoleArn {
  partition: string;
  accountId: string;
  roleName: string;
  sessionName: string;
}

/** Splits a role session ARN (as GetCallerIdentity returns it; it carries no role path), or undefined if it is not one. */
export function parseAssumedRoleArn(arn: string): AssumedRoleArn | undefined {
  const m = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/.exec(arn);
  return m ? { partition: m[1]!, accountId: m[2]!, roleName: m[3]!, sessionName: m[4]! } : undefined;
}
