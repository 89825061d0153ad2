import { readFileSync } from "node:fs";
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
    store.flush();
    expect(SandboxStore.open(dir, "111111111111", () => {}).findRoleByArn(added.arn)).toEqual(added);
    expect(store.deleteRole(added.arn)).toBe(true);
    expect(store.findRoleByArn(added.arn)).toBeUndefined();
    expect(store.findRoleByName("333333333333", "Found")).toBeUndefined();
    expect(store.findRoleByName("444444444444", "Found")?.accountId).toBe("444444444444");
  });

  it("writes a burst of changes shortly after, and at once when flushed", async () => {
    const file = join(dir, "state.json");
    const written = () => JSON.parse(readFileSync(file, "utf8")).roles.length as number;
    for (let i = 0; i < 200; i++) store.addRoles([role("555555555555", `Burst${i}`)]);
    expect(written()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(written()).toBe(200);
    store.addRoles([role("555555555555", "Last")]);
    store.flush();
    expect(written()).toBe(201);
  });
});
