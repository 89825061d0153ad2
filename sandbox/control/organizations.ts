import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { HttpError, readJsonBody } from "../http/io";
import { buildOrganization, newAccountId, organizationView } from "../organizations/organization";
import type { OrganizationRecord } from "../state/schema";
import type { SandboxStore } from "../state/store";
import { describeIssues } from "./schemas";

export interface OrganizationDeps {
  store: SandboxStore;
  now: () => number;
  log: (msg: string) => void;
  /** An account joined, moved or left: automatic deployment catches up. */
  onAccountsChanged: (organizationId: string) => void;
}

const accountId = z.string().regex(/^\d{12}$/, { error: "expected a 12-digit account id" });
const createSchema = z
  .object({
    managementAccountId: accountId.optional(),
    ous: z
      .array(
        z
          .object({
            name: z.string().min(1).max(128),
            parent: z.string().min(1).max(128).optional(),
            accounts: z.union([z.number().int().min(0).max(1000), z.array(accountId).max(1000)]).optional(),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict();
const addAccountSchema = z.object({ ouId: z.string().regex(/^(r-[0-9a-z]{4}|ou-[0-9a-z]{4}-[0-9a-z]{8})$/, { error: "expected a root id (r-…) or an OU id (ou-…)" }), accountId: accountId.optional() }).strict();

/** The organisation routes of the control API: /_sandbox/organizations[/<id>[/accounts[/<account>]]]. Undefined when the path is not theirs. */
export async function handleOrganizations(deps: OrganizationDeps, req: IncomingMessage, path: string): Promise<{ status: number; body: unknown } | undefined> {
  const parts = path.split("/").slice(3);
  if (parts.length === 0) {
    if (req.method === "GET") return { status: 200, body: { organizations: deps.store.organizations.map(organizationView) } };
    if (req.method === "POST") return { status: 201, body: organizationView(await createOrganization(deps, req)) };
    return undefined;
  }
  const org = deps.store.organizations.find((o) => o.id === parts[0]);
  if (parts.length === 1 && req.method === "GET") return { status: 200, body: organizationView(found(org, parts[0])) };
  if (parts[1] !== "accounts") return undefined;
  if (parts.length === 2 && req.method === "POST") return { status: 201, body: organizationView(await addAccount(deps, found(org, parts[0]), req)) };
  if (parts.length === 3 && req.method === "DELETE") return { status: 200, body: organizationView(removeAccount(deps, found(org, parts[0]), parts[2] ?? "")) };
  return undefined;
}

function found(org: OrganizationRecord | undefined, id: string | undefined): OrganizationRecord {
  if (!org) throw new HttpError(404, "AWSOrganizationsNotInUseException", `The organization ${id ?? ""} does not exist.`);
  return org;
}

function accountsInOrganizations(store: SandboxStore): Set<string> {
  return new Set(store.organizations.flatMap((o) => o.accounts.map((a) => a.id)));
}

async function createOrganization(deps: OrganizationDeps, req: IncomingMessage): Promise<OrganizationRecord> {
  const parsed = createSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const org = buildOrganization(parsed.data, accountsInOrganizations(deps.store), new Date(deps.now()));
  deps.store.putOrganization(org);
  deps.log(`organizations: ${org.id} created (${org.ous.length} OUs, ${org.accounts.length} accounts)`);
  return org;
}

/** Adds an account to an OU (or the root), or moves it there if it is already a member. */
async function addAccount(deps: OrganizationDeps, org: OrganizationRecord, req: IncomingMessage): Promise<OrganizationRecord> {
  const parsed = addAccountSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const { ouId } = parsed.data;
  if (ouId !== org.rootId && !org.ous.some((ou) => ou.id === ouId)) {
    throw new HttpError(400, "ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  }
  const id = parsed.data.accountId ?? newAccountId(accountsInOrganizations(deps.store));
  const member = org.accounts.some((a) => a.id === id);
  if (!member && deps.store.organizations.some((o) => o.accounts.some((a) => a.id === id))) {
    throw new HttpError(409, "DuplicateAccountException", `The account ${id} is already a member of an organization.`);
  }
  if (id === org.managementAccountId && ouId !== org.rootId) {
    throw new HttpError(400, "ConstraintViolationException", "The sandbox keeps the management account in the root.");
  }
  const accounts = member ? org.accounts.map((a) => (a.id === id ? { id, parentId: ouId } : a)) : [...org.accounts, { id, parentId: ouId }];
  const updated = { ...org, accounts };
  deps.store.putOrganization(updated);
  deps.log(`organizations: account ${id} ${member ? "moved" : "added"} to ${ouId} in ${org.id}`);
  deps.onAccountsChanged(org.id);
  return updated;
}

function removeAccount(deps: OrganizationDeps, org: OrganizationRecord, id: string): OrganizationRecord {
  if (!/^\d{12}$/.test(id)) throw new HttpError(400, "ValidationError", "accountId: expected a 12-digit account id");
  if (!org.accounts.some((a) => a.id === id)) throw new HttpError(404, "AccountNotFoundException", "You specified an account that doesn't exist.");
  if (id === org.managementAccountId) {
    throw new HttpError(400, "ConstraintViolationException", "You cannot remove the management account from the organization.");
  }
  const updated = { ...org, accounts: org.accounts.filter((a) => a.id !== id) };
  deps.store.putOrganization(updated);
  deps.log(`organizations: account ${id} removed from ${org.id}`);
  deps.onAccountsChanged(org.id);
  return updated;
}
