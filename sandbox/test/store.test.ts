import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRole } from "../state/roles";
import { RoleExistsError, SandboxStore } from "../state/store";

const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] };
const role = (accountId: string, roleName: string) => buildRole({ partition: "aws", accountId, roleName, trustPolicy: trust }, new Date());

describe("the sandbox's roles", () => {
  let dir: string;
  let store: SandboxStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rolegate-sandbox-store-"));
    store = SandboxStore.open(dir, "111111111111", () => {});
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("refuses a batch naming one role twice (in any case) and adds none of it", () => {
    expect(() => store.addRoles([role("222222222222", "Twice"), role("222222222222", "Other"), role("222222222222", "TWICE")])).toThrow(RoleExistsError);
    expect(store.listRoles()).toEqual([]);
    expect(store.findRoleByName("222222222222", "other")).toBeUndefined();
  });

  it("finds a role by ARN and by name until it is deleted, and a reopened store finds it too", () => {
    const added = role("333333333333", "Found");
    store.addRoles([added, role("444444444444", "Found")]);
    expect(store.findRoleByArn(added.arn)).toEqual(added);
    expect(store.findRoleByName("333333333333", "fOUND")).toEqual(added);
    expect(SandboxStore.open(dir, "111111111111", () => {}).findRoleByArn(added.arn)).toEqual(added);
    expect(store.deleteRole(added.arn)).toBe(true);
    expect(store.findRoleByArn(added.arn)).toBeUndefined();
    expect(store.findRoleByName("333333333333", "Found")).toBeUndefined();
    expect(store.findRoleByName("444444444444", "Found")?.accountId).toBe("444444444444");
  });
});
