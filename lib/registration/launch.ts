import "server-only";
import { isRegionOf } from "@/lib/aws/partitions";
import { getConfig } from "@/lib/config";
import { DalError } from "@/lib/dal/errors";
import { getOrganization } from "@/lib/dal/organizations";
import { registrationTokenFor } from "@/lib/dal/registration-tokens";
import type { Viewer } from "@/lib/dal/viewer";
import { launchOptions, type LaunchOptions } from "@/lib/runtime/launch";

/** What the partner API's launch operation answers. */
export type OrganizationLaunch = Pick<LaunchOptions, "quickCreateUrl" | "templateUrl" | "stackName" | "parameters">;

/**
 * The launch link of an organisation the viewer may see, for a region of the configured partition
 * (the default region when none is given), with the registration token when registration is on.
 */
export async function launchFor(viewer: Viewer, organizationId: string, region?: string): Promise<LaunchOptions> {
  const { aws, registration } = getConfig();
  if (region !== undefined && !isRegionOf(aws.partition, region)) {
    throw new DalError("invalid", `${region} is not a region of the ${aws.partition} partition.`, "region");
  }
  const organization = await getOrganization(viewer, organizationId);
  const token = registration ? await registrationTokenFor(viewer, organization.id) : undefined;
  // TODO(registration): pass registrationRegionReady from lib/registration/sns/topics.ts once it lands; until then, the configured regions.
  return launchOptions(organization.externalId, region ?? aws.region, token ? { token } : undefined);
}

/** The same, as the partner API answers it. */
export async function organizationLaunch(viewer: Viewer, organizationId: string, region?: string): Promise<OrganizationLaunch> {
  const { quickCreateUrl, templateUrl, stackName, parameters } = await launchFor(viewer, organizationId, region);
  return { quickCreateUrl, templateUrl, stackName, parameters };
}
