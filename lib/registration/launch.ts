import "server-only";
import { isRegionOf } from "@/lib/aws/partitions";
import { getConfig } from "@/lib/config";
import { DalError } from "@/lib/dal/errors";
import { getOrganization } from "@/lib/dal/organizations";
import { registrationTokenFor } from "@/lib/dal/registration-tokens";
import type { Viewer } from "@/lib/dal/viewer";
import { registrationRegionReady } from "@/lib/registration/sns/topics";
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
  // A region whose topic is not (yet) set up gets the manual path: a token there would fail the stack.
  return launchOptions(organization.externalId, region ?? aws.region, token ? { token, regionReady: registrationRegionReady } : undefined);
}

/** The same, as the partner API answers it. */
export async function organizationLaunch(viewer: Viewer, organizationId: string, region?: string): Promise<OrganizationLaunch> {
  const { quickCreateUrl, templateUrl, stackName, parameters } = await launchFor(viewer, organizationId, region);
  return { quickCreateUrl, templateUrl, stackName, parameters };
}
