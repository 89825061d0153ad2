import { requirePermissionSet, type PermissionSet } from "@/lib/aws/permission-sets";
import { buildOrganizationTemplate } from "@/lib/aws/organization-template";
import { buildRoleTemplate, templateJson, templateYaml, type RoleTemplate } from "@/lib/aws/template";
import { getConfig } from "@/lib/config";
import { partnerIdentity } from "./aws";

/** Bumped whenever the template's resources change; shown in its Metadata and as a role tag. */
export const TEMPLATE_VERSION = "2026-12-05.1";
export const TEMPLATE_FILES = { yaml: "rolegate-role.yaml", json: "rolegate-role.json" } as const;
export const STACK_NAME = "RolegateAccess";
export const ORGANIZATION_TEMPLATE_FILES = { yaml: "rolegate-organization.yaml", json: "rolegate-organization.json" } as const;

/** The partner account customer roles must trust: from GetCallerIdentity, else PARTNER_AWS_ACCOUNT_ID. */
export async function partnerAccountId(): Promise<string> {
  try {
    return (await partnerIdentity()).accountId;
  } catch (error) {
    const configured = getConfig().aws.partnerAccountId;
    if (configured) return configured;
    throw error;
  }
}

/** The configured permission set (validated at start-up). */
export function permissionSet(): PermissionSet {
  return requirePermissionSet(getConfig().aws.permissionSet);
}

/** The role template for this partner, as an object. */
export async function roleTemplate(): Promise<RoleTemplate> {
  const { aws, registration } = getConfig();
  return buildRoleTemplate({
    partnerAccountId: await partnerAccountId(),
    permissionSet: permissionSet(),
    version: TEMPLATE_VERSION,
    ...(aws.verifierRoleArn ? { verifierRoleArn: aws.verifierRoleArn } : {}),
    ...(registration ? { registrationTopicName: registration.topicName } : {}),
  });
}

/** The template as the files that are published (and served for download). */
export async function roleTemplateFiles(): Promise<{ yaml: string; json: string }> {
  const template = await roleTemplate();
  return { yaml: templateYaml(template), json: templateJson(template) };
}

/** Where CloudFormation fetches the template from: ROLE_TEMPLATE_URL, or the copy this app serves. */
export function roleTemplateUrl(): string {
  const config = getConfig();
  return config.aws.roleTemplateUrl ?? `${config.appUrl}/templates/${TEMPLATE_FILES.yaml}`;
}

/** The management-account template (a StackSet of the role template), as the files that are served. */
export async function organizationTemplateFiles(): Promise<{ yaml: string; json: string }> {
  const template = buildOrganizationTemplate({ roleTemplateUrl: roleTemplateUrl(), partnerAccountId: await partnerAccountId(), version: TEMPLATE_VERSION });
  return { yaml: templateYaml(template), json: templateJson(template) };
}

/** Where CloudFormation fetches the organisation template from: the copy this app serves. */
export function organizationTemplateUrl(): string {
  return `${getConfig().appUrl}/templates/${ORGANIZATION_TEMPLATE_FILES.yaml}`;
}
