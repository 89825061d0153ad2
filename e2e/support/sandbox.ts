import { e2e } from "../../playwright.config";

/** The sandbox's control API, as tests and demos use it. */
async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${e2e.sandboxURL}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

export type SandboxInfo = { partner: { accountId: string; arn: string; accessKeyId: string; secretAccessKey: string } };

export async function sandboxInfo(): Promise<SandboxInfo> {
  return (await control("GET", "/_sandbox/info")).json() as Promise<SandboxInfo>;
}

/** A random simulated customer account id. */
export function customerAccountId(): string {
  return String(200_000_000_000 + Math.floor(Math.random() * 799_999_999_999));
}

/** A trust policy that trusts the partner account; with `externalId`, only when it is presented. */
export function trustPolicy(partnerAccountId: string, externalId?: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${partnerAccountId}:root` },
        Action: "sts:AssumeRole",
        ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
      },
    ],
  };
}

/** Creates a role in a simulated customer account and returns its ARN (AmazonS3ReadOnlyAccess unless `managedPolicyArns` says otherwise). */
export async function createRole(input: { accountId: string; roleName: string; trustPolicy: unknown; managedPolicyArns?: string[] }): Promise<string> {
  return ((await (await control("POST", "/_sandbox/roles", input)).json()) as { arn: string }).arn;
}

/** Replaces a role's managed and/or inline identity policies (what the permission probe is checked against). */
export async function setRolePolicies(arn: string, policies: { managedPolicyArns?: string[]; inlinePolicies?: Record<string, unknown> }): Promise<void> {
  const response = await fetch(`${e2e.sandboxURL}/_sandbox/roles/${encodeURIComponent(arn)}/policies`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(policies),
  });
  if (!response.ok) throw new Error(`sandbox PUT policies: ${response.status} ${await response.text()}`);
}

export async function deleteRole(arn: string): Promise<void> {
  await control("DELETE", `/_sandbox/roles/${encodeURIComponent(arn)}`);
}

export async function addFault(fault: { action: "AssumeRole" | "GetCallerIdentity" | "*"; kind: string; ms?: number; count?: number }): Promise<void> {
  await control("POST", "/_sandbox/faults", fault);
}

export async function clearFaults(): Promise<void> {
  await control("DELETE", "/_sandbox/faults");
}

/** A stack as the sandbox's control API answers it once the stack has settled. */
export type SandboxStack = {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: string;
  statusReason?: string;
  outputs: { key: string; value: string }[];
  resources: { logicalId: string; type: string; status: string; statusReason?: string; physicalId?: string }[];
};

/** Creates a stack as the quick-create page's "Create stack" does (or as the customer's CLI would). */
export async function createStack(input: { region: string; accountId?: string; templateURL: string; stackName: string; parameters: Record<string, string> }): Promise<SandboxStack> {
  return (await (await control("POST", "/_sandbox/stacks", input)).json()) as SandboxStack;
}

/** Deletes a stack (custom resources get Delete first) and answers with its final state. */
export async function deleteStack(stackName: string, accountId: string, region: string): Promise<SandboxStack> {
  const query = new URLSearchParams({ accountId, region });
  return (await (await control("DELETE", `/_sandbox/stacks/${encodeURIComponent(stackName)}?${query}`)).json()) as SandboxStack;
}

/** A simulated AWS Organization as the sandbox's control API answers it. */
export type SandboxOrganization = {
  id: string;
  managementAccountId: string;
  rootId: string;
  ous: { id: string; name: string; parentId: string; accounts: string[] }[];
  accounts: ({ id: string; ouId: string } | { id: string; rootId: string })[];
};

/** Creates an AWS Organization: `ous` lists each OU with a number of new accounts (or their ids), `parent` naming an OU listed before. */
export async function createOrganization(input: { managementAccountId?: string; ous: { name: string; parent?: string; accounts?: number | string[] }[] }): Promise<SandboxOrganization> {
  return (await (await control("POST", "/_sandbox/organizations", input)).json()) as SandboxOrganization;
}

/** Adds an account to an OU (or the root) of an organisation; automatic deployment follows. */
export async function addOrganizationAccount(organizationId: string, ouId: string): Promise<SandboxOrganization> {
  return (await (await control("POST", `/_sandbox/organizations/${organizationId}/accounts`, { ouId })).json()) as SandboxOrganization;
}

/** Removes an account from its organisation; automatic deployment deletes its stack instances. */
export async function removeOrganizationAccount(organizationId: string, accountId: string): Promise<SandboxOrganization> {
  return (await (await control("DELETE", `/_sandbox/organizations/${organizationId}/accounts/${accountId}`)).json()) as SandboxOrganization;
}
