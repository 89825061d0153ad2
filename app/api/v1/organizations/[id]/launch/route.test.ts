import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKeyFromShell } from "@/lib/dal/api-keys";
import { getOrganization } from "@/lib/dal/organizations";
import { findRegistrationToken, revokeRegistrationToken } from "@/lib/dal/registration-tokens";
import type { UserViewer } from "@/lib/dal/viewer";
import { setRegionState } from "@/lib/registration/sns/topics";
import { newAdmin, newOrganization, setupDatabase } from "@/tests/support/db";
import { GET } from "./route";

vi.hoisted(() => {
  process.env.AWS_MODE = "sandbox";
  process.env.PARTNER_AWS_ACCOUNT_ID = "111122223333";
  process.env.SANDBOX_PORT = "9"; // no sandbox: the partner account comes from the configuration
  process.env.REGISTRATION_REGIONS = "us-east-1,eu-west-1";
});

let admin: UserViewer;
let org: string;
let readKey: string;

beforeAll(async () => {
  // As start-up provisioning leaves them once these regions' topics are confirmed (and not ap-south-1's).
  for (const region of ["us-east-1", "eu-west-1"]) setRegionState(region, { ready: true, topicArn: `arn:aws:sns:${region}:111111111111:rolegate-registration` });
  await setupDatabase();
  admin = await newAdmin();
  org = await newOrganization(admin);
  readKey = (await createApiKeyFromShell({ name: "launch test", scope: "read" })).key;
});

async function launch(id: string, query = "", key: string | null = readKey) {
  const request = new Request(`http://localhost/api/v1/organizations/${id}/launch${query}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  const response = await GET(request, { params: Promise.resolve({ id }) });
  return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, unknown> };
}

/** The stack parameters the quick-create link fills in, read back as the console reads them. */
function linkParameters(link: string) {
  const url = new URL(link);
  return { region: url.searchParams.get("region"), params: Object.fromEntries(new URLSearchParams(url.hash.split("?")[1])) };
}

describe("GET /api/v1/organizations/{id}/launch", () => {
  it("answers a read key with the launch link, whose token registers into that organisation", async () => {
    const { status, body } = await launch(org, "?region=eu-west-1");
    expect(status).toBe(200);
    const { externalId } = await getOrganization(admin, org);
    expect(body).toEqual({
      quickCreateUrl: expect.any(String),
      templateUrl: expect.stringMatching(/\/templates\/rolegate-role\.yaml$/),
      stackName: "RolegateAccess",
      parameters: { ExternalId: externalId, RegistrationToken: expect.stringMatching(/^rgr_[\w-]{43}$/) },
    });
    const parameters = body.parameters as { RegistrationToken: string };
    expect(linkParameters(body.quickCreateUrl as string)).toEqual({
      region: "eu-west-1",
      params: { templateURL: body.templateUrl, stackName: "RolegateAccess", param_ExternalId: externalId, param_RegistrationToken: parameters.RegistrationToken },
    });
    expect(await findRegistrationToken(parameters.RegistrationToken)).toMatchObject({ organizationId: org, live: true });
    // The same link each time, until an admin revokes the token.
    expect((await launch(org, "?region=eu-west-1")).body).toEqual(body);
    await revokeRegistrationToken(admin, org);
    const after = (await launch(org, "?region=eu-west-1")).body.parameters as { RegistrationToken: string };
    expect(after.RegistrationToken).not.toBe(parameters.RegistrationToken);
    expect(await findRegistrationToken(parameters.RegistrationToken)).toMatchObject({ live: false });
  });

  it("leaves the token out in a region without registration (the customer pastes the ARN there)", async () => {
    const { status, body } = await launch(org, "?region=ap-south-1");
    expect(status).toBe(200);
    expect(Object.keys(body.parameters as object)).toEqual(["ExternalId"]);
    expect(linkParameters(body.quickCreateUrl as string).params.param_RegistrationToken).toBeUndefined();
  });

  it("uses the default region when none is given", async () => {
    const { status, body } = await launch(org);
    expect(status).toBe(200);
    expect(linkParameters(body.quickCreateUrl as string).region).toBe("us-east-1");
  });

  it("answers 404 for an unknown or malformed organisation id", async () => {
    for (const id of [randomUUID(), "not-a-uuid"]) {
      const { status, type, body } = await launch(id, "?region=eu-west-1");
      expect([status, type, body.type]).toEqual([404, "application/problem+json", "urn:rolegate:problem:not-found"]);
    }
  });

  it("answers 400 for a region that is not one, or not of the partition, or an unknown query parameter", async () => {
    for (const query of ["?region=mars-1", "?region=cn-north-1", "?region=eu-west-1&region=us-east-1", "?regio=eu-west-1"]) {
      const { status, type, body } = await launch(org, query);
      expect([query, status, type, body.type]).toEqual([query, 400, "application/problem+json", "urn:rolegate:problem:validation-error"]);
    }
    const { body } = await launch(org, "?region=cn-north-1");
    expect(body.errors).toEqual([{ in: "query", field: "region", detail: "cn-north-1 is not a region of the aws partition." }]);
  });

  it("answers 401 without a key or with a wrong one", async () => {
    expect((await launch(org, "", null)).status).toBe(401);
    expect((await launch(org, "", `rgk_${"x".repeat(43)}`)).status).toBe(401);
  });
});
