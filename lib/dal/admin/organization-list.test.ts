import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { parseOrganizationList } from "@/lib/schemas/admin-organizations";
import { insertConnections } from "@/tests/support/admin-data";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { DalError } from "../errors";
import { rotateExternalId } from "./external-ids";
import { countOrganizations, listOrganizationsPage } from "./organization-list";

// Each run names its organisations with its own tag, so the searches below see only them on a shared database.
const tag = `Pg${randomUUID().slice(0, 8)}`;
let admin: Awaited<ReturnType<typeof newAdmin>>;
const ids: string[] = [];

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  for (let i = 0; i < 7; i++) ids.push(await newOrganization(admin, `${tag} org ${String.fromCharCode(97 + i)}`));
  await insertConnections(ids[0]!, [{ status: "verified" }, { status: "verified" }, { status: "failed" }, { status: "disconnected" }]);
  await newMember(admin, ids[0]!);
  await rotateExternalId(admin, ids[0]!); // the connections above are now on an old External ID
});

const list = (params: Record<string, string>) => listOrganizationsPage(admin, parseOrganizationList({ q: tag, size: "10", ...params }));

describe("the admin organisation list", () => {
  it("pages through a search by keyset, forward and back, in name order", async () => {
    const names = (rows: { name: string }[]) => rows.map((r) => r.name.slice(-1)).join("");
    const all = await list({});
    expect(names(all.rows)).toBe("abcdefg");
    const p1 = await listOrganizationsPage(admin, parseOrganizationList({ q: tag, size: "10", sort: "name", dir: "desc" }));
    expect(names(p1.rows)).toBe("gfedcba");
    // Pages of 10 need 10 rows: use the smallest page size the list offers and a search that matches 7.
    const small = (params: Record<string, string>) => listOrganizationsPage(admin, { ...parseOrganizationList({ q: tag, ...params }), size: 3 });
    const first = await small({});
    expect(names(first.rows)).toBe("abc");
    expect(first.previous).toBeUndefined();
    const second = await small({ after: first.next! });
    expect(names(second.rows)).toBe("def");
    const third = await small({ after: second.next! });
    expect(names(third.rows)).toBe("g");
    expect(third.next).toBeUndefined();
    const back = await small({ before: third.previous! });
    expect(names(back.rows)).toBe("def");
    expect(names((await small({ before: back.previous! })).rows)).toBe("abc");
  });

  it("counts connections by status, members and old External IDs for each listed organisation", async () => {
    const row = (await list({})).rows.find((r) => r.id === ids[0]);
    expect(row).toMatchObject({
      memberCount: 1,
      connectionCount: 4,
      byStatus: { verified: 2, failed: 1, insecure: 0, pending: 0, disconnected: 1 },
      onOldExternalId: 3, // a disconnected connection needs no stack update
    });
    expect((await list({})).rows.find((r) => r.id === ids[1])).toMatchObject({ memberCount: 0, connectionCount: 0, onOldExternalId: 0 });
    expect(await countOrganizations(admin, tag)).toBe(7);
  });

  it("sorts by creation either way", async () => {
    const asc = (await list({ sort: "created", dir: "asc" })).rows.map((r) => r.id);
    expect(asc).toEqual(ids);
    expect((await list({ sort: "created", dir: "desc" })).rows.map((r) => r.id)).toEqual([...ids].reverse());
  });

  it("takes the search text literally and reads a forged or foreign cursor as the first page", async () => {
    expect((await listOrganizationsPage(admin, parseOrganizationList({ q: `${tag}%` }))).rows).toEqual([]);
    expect((await listOrganizationsPage(admin, parseOrganizationList({ q: `${tag.slice(0, 4)}_` }))).rows.filter((r) => r.name.startsWith(tag))).toEqual([]);
    const first = await list({});
    for (const after of ["not-a-cursor", Buffer.from(JSON.stringify(["name", "asc", "x", "not-a-uuid"])).toString("base64url"), Buffer.from(JSON.stringify(["created", "asc", "2026-13-45 00:00:00+00", randomUUID()])).toString("base64url")]) {
      expect((await list({ after })).rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    }
    // A cursor made for the name sort means nothing to the creation sort.
    const small = await listOrganizationsPage(admin, { ...parseOrganizationList({ q: tag }), size: 3 });
    expect((await list({ sort: "created", after: small.next! })).rows).toHaveLength(7);
  });

  it("is for admins only", async () => {
    const member = await newMember(admin, ids[1]!);
    await expect(listOrganizationsPage(member, parseOrganizationList({}))).rejects.toBeInstanceOf(DalError);
    await expect(countOrganizations(member, undefined)).rejects.toBeInstanceOf(DalError);
  });
});
