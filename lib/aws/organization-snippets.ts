import { isExternalId } from "./external-id";
import { hclString, hclValue } from "./hcl";
import { partitionOfRegion } from "./partitions";
import { REGISTRATION_TOKEN_PATTERN } from "./registration-token";
import { shellCommand } from "./shell-quote";
import { isHttpUrl, STACK_NAME_RE } from "./validation";

/** What the management-account stack needs, outside the console. */
export interface OrganizationStackInput {
  region: string;
  stackName: string;
  templateUrl: string;
  externalId: string;
  registrationToken: string;
}

/** Stands for the customer's root or OU ids in the CLI command and the Terraform snippet; the page says to replace it. */
export const TARGETS_PLACEHOLDER = "r-xxxx";

const TOKEN_RE = new RegExp(`^${REGISTRATION_TOKEN_PATTERN}$`);

function check(input: OrganizationStackInput, what: string): void {
  if (!partitionOfRegion(input.region)) throw new RangeError(`${what}: unknown region`);
  if (!STACK_NAME_RE.test(input.stackName)) throw new RangeError(`${what}: invalid stack name`);
  if (!isHttpUrl(input.templateUrl)) throw new RangeError(`${what}: templateUrl must be an http(s) URL`);
  if (!isExternalId(input.externalId)) throw new RangeError(`${what}: invalid External ID`);
  if (!TOKEN_RE.test(input.registrationToken)) throw new RangeError(`${what}: invalid registration token`);
}

function parameters(input: OrganizationStackInput): Record<string, string> {
  return { OrganizationalUnitIds: TARGETS_PLACEHOLDER, ExternalId: input.externalId, RegistrationToken: input.registrationToken };
}

/** `aws cloudformation create-stack` for the management account, every value shell-quoted. */
export function organizationCreateStackCommand(input: OrganizationStackInput): string {
  check(input, "organizationCreateStackCommand");
  // JSON rather than the CLI's shorthand, where a comma (legal in an External ID, and between OU ids) splits the value.
  const list = Object.entries(parameters(input)).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  return shellCommand([
    ["aws", "cloudformation", "create-stack"],
    ["--region", input.region],
    ["--stack-name", input.stackName],
    ["--template-url", input.templateUrl],
    ["--capabilities", "CAPABILITY_NAMED_IAM"],
    ["--parameters", JSON.stringify(list)],
  ]);
}

/** The same stack as a Terraform resource, run with the management account's credentials. */
export function organizationTerraformSnippet(input: OrganizationStackInput): string {
  check(input, "organizationTerraformSnippet");
  return `resource "aws_cloudformation_stack" "rolegate_organization" {
  name         = ${hclString(input.stackName)}
  template_url = ${hclString(input.templateUrl)}
  capabilities = ["CAPABILITY_NAMED_IAM"]
  parameters = ${hclValue(parameters(input), 2)}
}
`;
}
