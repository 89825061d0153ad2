import { randomInt } from "node:crypto";
import { HttpError } from "../http/io";
import type { OrganizationRecord } from "../state/schema";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function chars(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}

/** A 12-digit account id that no organisation and no id in `taken` uses. */
export function newAccountId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${randomInt(1, 10)}${String(randomInt(0, 1e11)).padStart(11, "0")}`;
    if (!taken.has(id)) return id;
  }
}

export interface NewOrganization {
  managementAccountId?: string | undefined;
  ous: { name: string; parent?: string | undefined; accounts?: number | string[] | undefined }[];
}

/**
 * Builds an organisation as CreateOrganization, CreateOrganizationalUnit and
 * CreateAccount would leave it: ids in AWS's formats (`o-` + 10, `r-` + 4,
 * `ou-<root>-<8>`), the management account in the root. An OU's `parent` names
 * an OU listed before it; `accounts` is a count of new accounts or their ids.
 * `taken`: account ids already in an organisation (an account belongs to one).
 */
export function buildOrganization(input: NewOrganization, taken: ReadonlySet<string>, now: Date): OrganizationRecord {
  const used = new Set(taken);
  const claim = (id: string) => {
    if (used.has(id)) throw new HttpError(409, "DuplicateAccountException", `The account ${id} is already a member of an organization.`);
    used.add(id);
    return id;
  };
  const managementAccountId = claim(input.managementAccountId ?? newAccountId(used));
  const rootSuffix = chars(4);
  const rootId = `r-${rootSuffix}`;
  const ous: OrganizationRecord["ous"] = [];
  const accounts: OrganizationRecord["accounts"] = [{ id: managementAccountId, parentId: rootId }];
  for (const [index, ou] of input.ous.entries()) {
    if (ous.some((o) => o.name === ou.name)) throw new HttpError(400, "DuplicateOrganizationalUnitException", `ous.${index}.name: an OU named ${ou.name} is already listed.`);
    const parent = ou.parent === undefined ? rootId : ous.find((o) => o.name === ou.parent)?.id;
    if (!parent) throw new HttpError(400, "ParentNotFoundException", `ous.${index}.parent: no OU named ${ou.parent} is listed before ${ou.name}.`);
    const id = `ou-${rootSuffix}-${chars(8)}`;
    ous.push({ id, name: ou.name, parentId: parent });
    const ids = typeof ou.accounts === "number" ? Array.from({ length: ou.accounts }, () => newAccountId(used)) : (ou.accounts ?? []);
    for (const accountId of ids) accounts.push({ id: claim(accountId), parentId: id });
  }
  return { id: `o-${chars(10)}`, managementAccountId, rootId, ous, accounts, createdAt: now.toISOString() };
}

/** The organisation as the control API shows it: each OU with its accounts, each account with its OU (or the root). */
export function organizationView(org: OrganizationRecord) {
  return {
    id: org.id,
    managementAccountId: org.managementAccountId,
    rootId: org.rootId,
    ous: org.ous.map((ou) => ({ ...ou, accounts: org.accounts.filter((a) => a.parentId === ou.id).map((a) => a.id) })),
    accounts: org.accounts.map((a) => (a.parentId === org.rootId ? { id: a.id, rootId: a.parentId } : { id: a.id, ouId: a.parentId })),
  };
}

/**
 * The accounts a stack set with these deployment targets deploys to, each with
 * the target (root or OU) it was reached through: every account in the targets
 * and their descendant OUs, never the management account (service-managed stack sets skip it).
 */
export function targetAccounts(org: OrganizationRecord, targetIds: readonly string[]): { accountId: string; ouId: string }[] {
  const reachedThrough = new Map<string, string>();
  const walk = (parentId: string, target: string) => {
    if (reachedThrough.has(parentId)) return;
    reachedThrough.set(parentId, target);
    for (const ou of org.ous) if (ou.parentId === parentId) walk(ou.id, target);
  };
  for (const id of targetIds) walk(id, id);
  return org.accounts
    .filter((a) => a.id !== org.managementAccountId && reachedThrough.has(a.parentId))
    .map((a) => ({ accountId: a.id, ouId: reachedThrough.get(a.parentId) ?? a.parentId }));
}
