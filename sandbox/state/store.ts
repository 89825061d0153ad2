import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from "../ids";
import {
  type OrganizationRecord,
  type PartnerRecord,
  type RoleRecord,
  type SnsSigning,
  type StackRecord,
  type StackSetRecord,
  type StateFile,
  stateFileSchema,
  type SubscriptionRecord,
  type TopicRecord,
} from "./schema";

export const PARTNER_USER_NAME = "rolegate-partner";
const STATE_FILE = "state.json";

/** Raised when a role name is taken in its account (IAM compares names case-insensitively). */
export class RoleExistsError extends Error {
  constructor(readonly roleName: string) {
    super(`Role with name ${roleName} already exists.`);
  }
}

/** Changes within this window reach the file in one write: hundreds of stacks in flight change the state many times a second. */
const WRITE_DELAY_MS = 100;

/**
 * The sandbox's durable state: the partner identity, roles and stacks, in one
 * JSON file. Writes go to a temporary file renamed into place, so a crash never
 * leaves half a file; the file is private to the user because it holds a secret key.
 * Changes are written at most WRITE_DELAY_MS later, and at once by flush() (on close).
 */
export class SandboxStore {
  private pendingWrite: NodeJS.Timeout | undefined;

  // Every STS call looks a role up: indexed, as a benchmark's sandbox holds 100,000 roles.
  private readonly byArn = new Map<string, RoleRecord>();
  private readonly byName = new Map<string, RoleRecord>();

  private constructor(
    private readonly file: string,
    private state: StateFile,
    private readonly log: (msg: string) => void,
  ) {
    this.reindex();
  }

  /** Loads the state under `dataDir`, creating it (and the partner's key pair) on first start. */
  static open(dataDir: string, partnerAccountId: string, log: (msg: string) => void): SandboxStore {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = join(dataDir, STATE_FILE);
    let state = existsSync(file) ? readState(file, log) : undefined;
    if (state && state.partner.accountId !== partnerAccountId) {
      log(`sandbox: partner account changed to ${partnerAccountId}; generating a new key pair`);
      state = { ...state, partner: newPartner(partnerAccountId) };
    }
    state ??= { version: 1, partner: newPartner(partnerAccountId), sessionKey: newSessionKey(), roles: [], stacks: [], topics: [], subscriptions: [], organizations: [], stackSets: [] };
    const store = new SandboxStore(file, state, log);
    store.flush();
    return store;
  }

  get partner(): PartnerRecord {
    return this.state.partner;
  }

  get sessionKey(): Buffer {
    return Buffer.from(this.state.sessionKey, "hex");
  }

  listRoles(): readonly RoleRecord[] {
    return this.state.roles;
  }

  findRoleByArn(arn: string): RoleRecord | undefined {
    return this.byArn.get(arn);
  }

  findRoleByName(accountId: string, roleName: string): RoleRecord | undefined {
    return this.byName.get(nameKey(accountId, roleName));
  }

  /** Adds roles all or nothing, so a stack never half-creates. */
  addRoles(roles: RoleRecord[]): void {
    const names = new Set<string>();
    for (const role of roles) {
      const key = nameKey(role.accountId, role.roleName);
      if (this.byName.has(key) || names.has(key)) throw new RoleExistsError(role.roleName);
      names.add(key);
    }
    this.state.roles = this.state.roles.concat(roles);
    for (const role of roles) this.index(role);
    this.save();
  }

  deleteRole(arn: string): boolean {
    const before = this.state.roles.length;
    this.state.roles = this.state.roles.filter((role) => role.arn !== arn);
    if (this.state.roles.length === before) return false;
    this.reindex();
    this.save();
    return true;
  }

  /** Replaces a role's identity policies (the fields given); the updated role, or undefined when there is no such role. */
  setRolePolicies(arn: string, policies: Pick<RoleRecord, "managedPolicyArns" | "inlinePolicyNames" | "inlinePolicies">): RoleRecord | undefined {
    const index = this.state.roles.findIndex((role) => role.arn === arn);
    const current = this.state.roles[index];
    if (!current) return undefined;
    const updated = { ...current, ...policies };
    this.state.roles[index] = updated;
    this.index(updated);
    this.save();
    return updated;
  }

  listStacks(): readonly StackRecord[] {
    return this.state.stacks;
  }

  findStack(stackId: string): StackRecord | undefined {
    return this.state.stacks.find((s) => s.stackId === stackId);
  }

  findStackByName(accountId: string, region: string, stackName: string): StackRecord | undefined {
    return this.state.stacks.find((s) => s.accountId === accountId && s.region === region && s.stackName === stackName);
  }

  /** Adds a stack, or replaces the record with the same stack id (a stack's progress). */
  putStack(stack: StackRecord): void {
    const index = this.state.stacks.findIndex((s) => s.stackId === stack.stackId);
    if (index >= 0) this.state.stacks[index] = stack;
    else this.state.stacks.push(stack);
    this.save();
  }

  removeStack(stackId: string): void {
    this.state.stacks = this.state.stacks.filter((s) => s.stackId !== stackId);
    this.save();
  }

  get organizations(): readonly OrganizationRecord[] {
    return this.state.organizations;
  }

  /** Adds an organisation, or replaces the record with the same id. */
  putOrganization(organization: OrganizationRecord): void {
    const index = this.state.organizations.findIndex((o) => o.id === organization.id);
    if (index >= 0) this.state.organizations[index] = organization;
    else this.state.organizations.push(organization);
    this.save();
  }

  get stackSets(): readonly StackSetRecord[] {
    return this.state.stackSets;
  }

  /** Adds a stack set, or replaces the record with the same id. */
  putStackSet(stackSet: StackSetRecord): void {
    const index = this.state.stackSets.findIndex((s) => s.stackSetId === stackSet.stackSetId);
    if (index >= 0) this.state.stackSets[index] = stackSet;
    else this.state.stackSets.push(stackSet);
    this.save();
  }

  get topics(): readonly TopicRecord[] {
    return this.state.topics;
  }

  get subscriptions(): readonly SubscriptionRecord[] {
    return this.state.subscriptions;
  }

  /** Replaces the SNS topics and subscriptions (each SNS action computes the new lists). */
  saveSns(topics: TopicRecord[], subscriptions: SubscriptionRecord[]): void {
    this.state.topics = topics;
    this.state.subscriptions = subscriptions;
    this.save();
  }

  get snsSigning(): SnsSigning | undefined {
    return this.state.snsSigning;
  }

  setSnsSigning(signing: SnsSigning): void {
    this.state.snsSigning = signing;
    // Messages are signed with it from now on: it must outlive a crash.
    this.flush();
  }

  /** Forgets roles, stacks, topics, subscriptions, organisations and stack sets; keeps the partner's key pair so configured clients keep working. */
  reset(): void {
    this.state = { ...this.state, roles: [], stacks: [], topics: [], subscriptions: [], organizations: [], stackSets: [] };
    this.reindex();
    this.save();
  }

  private reindex(): void {
    this.byArn.clear();
    this.byName.clear();
    for (const role of this.state.roles) this.index(role);
  }

  private index(role: RoleRecord): void {
    this.byArn.set(role.arn, role);
    this.byName.set(nameKey(role.accountId, role.roleName), role);
  }

  /** Writes pending changes now. */
  flush(): void {
    clearTimeout(this.pendingWrite);
    this.pendingWrite = undefined;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private save(): void {
    this.pendingWrite ??= setTimeout(() => {
      try {
        this.flush();
      } catch (err) {
        this.log(`sandbox: could not write ${this.file}: ${(err as Error).message}`);
      }
    }, WRITE_DELAY_MS);
  }
}

// IAM compares role names case-insensitively within an account.
const nameKey = (accountId: string, roleName: string) => `${accountId}/${roleName.toLowerCase()}`;

function readState(file: string, log: (msg: string) => void): StateFile | undefined {
  try {
    return stateFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (err) {
    // A dev tool should not refuse to start over a damaged file: keep it aside for inspection.
    const aside = `${file}.corrupt-${Date.now()}`;
    renameSync(file, aside);
    log(`sandbox: ${file} was unreadable (${(err as Error).message.split("\n")[0]}); moved to ${aside}, starting fresh`);
    return undefined;
  }
}

function newPartner(accountId: string): PartnerRecord {
  return {
    accountId,
    userName: PARTNER_USER_NAME,
    userId: newUniqueId("AIDA"),
    accessKeyId: newAccessKeyId("AKIA"),
    secretAccessKey: newSecretAccessKey(),
  };
}

function newSessionKey(): string {
  return randomBytes(32).toString("hex");
}
