import { quickCreateUrl } from "@/lib/aws/console-link";
import { isRegionOf, regionsOf } from "@/lib/aws/partitions";
import { accessPolicy, createStackCommand, inlinePolicyJson, terraformSnippet, trustPolicyJson } from "@/lib/aws/snippets";
import { getConfig } from "@/lib/config";
import { partnerAccountId, permissionSet, roleTemplateUrl, STACK_NAME, TEMPLATE_FILES } from "./template";

/** Everything the "launch the role template" step shows, for one External ID and region. */
export type LaunchOptions = {
  partition: string;
  region: string;
  regions: readonly string[];
  sandbox: boolean;
  quickCreateUrl: string;
  downloads: { yaml: string; json: string };
  createStackCommand: string;
  terraform: string;
  trustPolicy: string;
  managedPolicyArns: string[];
  inlinePolicy?: string;
  permissionSetTitle: string;
  /** The stack launched from the Launch button registers itself (no paste needed). */
  autoRegister: boolean;
};

/** The quick-create link and its alternatives; the region falls back to the default when unknown. */
export async function launchOptions(externalId: string, requestedRegion: unknown): Promise<LaunchOptions> {
  const config = getConfig();
  const { partition } = config.aws;
  const region = isRegionOf(partition, requestedRegion) ? requestedRegion : config.aws.region;
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
  return {
    partition,
    region,
    regions: regionsOf(partition),
    sandbox: config.aws.mode === "sandbox",
    quickCreateUrl: quickCreateUrl({
      partition,
      region,
      templateUrl,
      stackName: STACK_NAME,
      externalId,
      ...(config.aws.mode === "sandbox" ? { consoleBaseUrl: config.sandbox.url } : {}),
    }),
    downloads: { yaml: `/templates/${TEMPLATE_FILES.yaml}`, json: `/templates/${TEMPLATE_FILES.json}` },
    createStackCommand: createStackCommand({ region, stackName: STACK_NAME, templateUrl, externalId }),
    terraform: terraformSnippet(snippet),
    trustPolicy: trustPolicyJson(snippet),
    managedPolicyArns: accessPolicy(partition, set).managedPolicyArns,
    ...(inline ? { inlinePolicy: inline } : {}),
    permissionSetTitle: set.title,
    autoRegister: false,
  };
}
