import { isExternalId } from "./external-id";
import { consoleOrigin, isRegionOf, type Partition } from "./partitions";
import { REGISTRATION_TOKEN_PATTERN } from "./registration-token";
import { isHttpUrl, ROLE_NAME_RE, STACK_NAME_RE } from "./validation";

export { consoleOrigin, isRegionOf, PARTITIONS, type Partition, regionsOf } from "./partitions";

/** What the "Launch stack" link needs. `consoleBaseUrl` (the sandbox's console) replaces the AWS console host. */
export interface QuickCreateLinkInput {
  partition: Partition;
  region: string;
  templateUrl: string;
  stackName: string;
  externalId: string;
  roleName?: string;
  /** The organisation's registration token: the stack then registers the role by itself (zero-paste). */
  registrationToken?: string;
  consoleBaseUrl?: string;
}

const REGISTRATION_TOKEN_RE = new RegExp(`^${REGISTRATION_TOKEN_PATTERN}$`);

/**
 * The CloudFormation quick-create URL with the template, stack name and
 * External ID filled in. Values are encoded with URLSearchParams, so none can
 * add or override a parameter. Throws a RangeError naming the bad field.
 */
export function quickCreateUrl(input: QuickCreateLinkInput): string {
  const { partition, region, templateUrl, stackName, externalId, roleName, registrationToken, consoleBaseUrl } = input;
  if (!isRegionOf(partition, region)) invalid("region", `is not a region of the ${partition} partition`);
  if (!isHttpUrl(templateUrl)) invalid("templateUrl", "must be an http(s) URL");
  if (!STACK_NAME_RE.test(stackName)) invalid("stackName", "must be a CloudFormation stack name");
  if (!isExternalId(externalId)) invalid("externalId", "must be a valid External ID");
  if (roleName !== undefined && !ROLE_NAME_RE.test(roleName)) invalid("roleName", "must be an IAM role name");
  if (registrationToken !== undefined && !REGISTRATION_TOKEN_RE.test(registrationToken)) invalid("registrationToken", "must be a registration token");

  const origin = consoleBaseUrl === undefined ? consoleOrigin(partition, region) : baseOf(consoleBaseUrl);
  const fragment = new URLSearchParams({ templateURL: templateUrl, stackName, param_ExternalId: externalId });
  if (roleName !== undefined) fragment.set("param_RoleName", roleName);
  if (registrationToken !== undefined) fragment.set("param_RegistrationToken", registrationToken);
  const query = new URLSearchParams({ region });
  // The console reads the stack parameters from the fragment's own query string.
  return `${origin}/cloudformation/home?${query}#/stacks/quickcreate?${fragment}`;
}

// Keeps a path prefix (a sandbox may serve its console under one) but drops any query or fragment.
function baseOf(consoleBaseUrl: string): string {
  if (!isHttpUrl(consoleBaseUrl)) invalid("consoleBaseUrl", "must be an http(s) URL");
  const url = new URL(consoleBaseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function invalid(field: string, problem: string): never {
  throw new RangeError(`quickCreateUrl: ${field} ${problem}`);
}
