import { quickCreateUrl } from "@/lib/aws/console-link";
import { isRegionOf, type Partition, regionsOf } from "@/lib/aws/partitions";
import { accessPolicy, createStackCommand, inlinePolicyJson, terraformSnippet, trustPolicyJson } from "@/lib/aws/snippets";
import { ORGANIZATION_STACK_NAME } from "@/lib/aws/organization-template";
import { organizationCreateStackCommand, organizationTerraformSnippet } from "@/lib/aws/organization-snippets";
import { getConfig } from "@/lib/config";
import {
  ORGANIZATION_TEMPLATE_FILES,
  organizationTemplateUrl,
  partnerAccountId,
  permissionSet,
  roleTemplateUrl,
  STACK_NAME,
  TEMPLATE_FILES,
} from "./template";

/** The "All accounts in my AWS Organization" path: the management-account stack that creates the StackSet. */
export type OrganizationLaunchOptions = {
  quickCreateUrl: string;
  templateUrl: string;
  stackName: string;
  parameters: Record<string, string>;
  downloads: { yaml: string; json: string };
  createStackCommand: string;
  terraform: string;
};

/** Everything the "launch the role template" step shows, for one External ID and region. */
export type LaunchOptions = {
  partition: string;
  region: string;
  regions: readonly string[];
  sandbox: boolean;
  /**
   * The quick-create link carries the registration token: the stack registers the role by itself.
   * False without registration, without a token, or in a region whose topic is not ready (a token
   * there would fail the stack: a custom resource's topic must be in its own region).
   */
  autoRegister: boolean;
  /** Stacks register themselves in other regions, not in this one (its topic is not set up): the page says so. */
  autoRegisterElsewhere: boolean;
  quickCreateUrl: string;
  templateUrl: string;
  stackName: string;
  /** The stack parameters the link fills in (the registration token among them when `autoRegister`). */
  parameters: Record<string, string>;
  downloads: { yaml: string; json: string };
  createStackCommand: string;
  terraform: string;
  trustPolicy: string;
  managedPolicyArns: string[];
  inlinePolicy?: string;
  permissionSetTitle: string;
  /** Only where stacks register themselves: every member account's stack must. */
  organization?: OrganizationLaunchOptions;
};

/** How a launch may self-register: the organisation's token, and whether a region's topic is ready. */
export type LaunchRegistration = {
  token: string;
  /** Pass `registrationRegionReady` (lib/registration/sns/topics.ts); by default, the configured regions. */
  regionReady?: (region: string) => boolean;
};

/** Whether registration is configured for a region (its topic may still be being set up). */
function configuredRegion(region: string): boolean {
  return getConfig().registration?.regions.includes(region) ?? false;
}

/**
 * The quick-create link and its alternatives; the region falls back to the default when unknown.
 * With `registration`, the link also carries the token where the region is ready for it. The CLI
 * command and the Terraform snippet stay on the manual path (they carry no token).
 */
export async function launchOptions(externalId: string, requestedRegion: unknown, registration?: LaunchRegistration): Promise<LaunchOptions> {
  const config = getConfig();
  const { partition } = config.aws;
  const region = isRegionOf(partition, requestedRegion) ? requestedRegion : config.aws.region;
  const autoRegister = registration !== undefined && config.registration !== null && (registration.regionReady ?? configuredRegion)(region);
  const templateUrl = roleTemplateUrl();
  const set = permissionSet();
  const snippet = {
    partition,
    partnerAccountId: await partnerAccountId(),
    externalId,
    permissionSet: set,
    ...(config.aws.verifierRoleArn ? { verifierRoleArn: config.aws.verifierRoleArn } : {}),
  };
  const inline = inlinePolicyJson(partition, set);
  const consoleBase = config.aws.mode === "sandbox" ? { consoleBaseUrl: config.sandbox.url } : {};
  return {
    partition,
    region,
    regions: regionsOf(partition),
    sandbox: config.aws.mode === "sandbox",
    autoRegister,
    autoRegisterElsewhere: registration !== undefined && config.registration !== null && !autoRegister,
    quickCreateUrl: quickCreateUrl({
      partition,
      region,
      templateUrl,
      stackName: STACK_NAME,
      externalId,
      ...(autoRegister ? { registrationToken: registration.token } : {}),
      ...consoleBase,
    }),
    templateUrl,
    stackName: STACK_NAME,
    parameters: { ExternalId: externalId, ...(autoRegister ? { RegistrationToken: registration.token } : {}) },
    downloads: { yaml: `/templates/${TEMPLATE_FILES.yaml}`, json: `/templates/${TEMPLATE_FILES.json}` },
    createStackCommand: createStackCommand({ region, stackName: STACK_NAME, templateUrl, externalId }),
    terraform: terraformSnippet(snippet),
    trustPolicy: trustPolicyJson(snippet),
    managedPolicyArns: accessPolicy(partition, set).managedPolicyArns,
    ...(inline ? { inlinePolicy: inline } : {}),
    permissionSetTitle: set.title,
    ...(autoRegister ? { organization: organizationLaunch(partition, region, externalId, registration.token, consoleBase) } : {}),
  };
}

function organizationLaunch(
  partition: Partition,
  region: string,
  externalId: string,
  registrationToken: string,
  consoleBase: { consoleBaseUrl?: string },
): OrganizationLaunchOptions {
  const stack = { region, stackName: ORGANIZATION_STACK_NAME, templateUrl: organizationTemplateUrl(), externalId, registrationToken };
  return {
    quickCreateUrl: quickCreateUrl({ partition, ...stack, ...consoleBase }),
    templateUrl: stack.templateUrl,
    stackName: stack.stackName,
    parameters: { ExternalId: externalId, RegistrationToken: registrationToken },
    downloads: { yaml: `/templates/${ORGANIZATION_TEMPLATE_FILES.yaml}`, json: `/templates/${ORGANIZATION_TEMPLATE_FILES.json}` },
    createStackCommand: organizationCreateStackCommand(stack),
    terraform: organizationTerraformSnippet(stack),
  };
}
