import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { accountId, insertConnections } from "@/tests/support/admin-data";
import { newAdmin, newMember, newOrganization, setupDatabase } from "@/tests/support/db";
import { CONNECTION_SORTS, parseConnectionList, type ConnectionListQuery } from "@/lib/schemas/admin-connections";
import { isDalError } from "../errors";
import type { Viewer } from "../viewer";
import { connectionBatches, countBefore, countConnections, listConnectionsPage, type AdminConnectionRow } from "./connection-list";

let admin: Viewer;
let member: Viewer;
let tag: string;
let orgA: string;
let orgB: string;
let orgC: string;
const mine = new Set<string>();

// Ties on purpose: several connections share each check time (and status), some were never checked.
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

beforeAll(async () => {
  await setupDatabase();
  admin = await newAdmin();
  tag = `ks${randomUUID().slice(0, 8)}`;
  orgA = await newOrganization(admin, `${tag} Alpha`);
  orgB = await newOrganization(admin, `${tag} Beta`);
  orgC = await newOrganization(admin, `${tag} Alpha`); // same name as A: the organisation sort must still be total
  member = await newMember(admin, orgA);
  const statuses = ["verified", "failed", "insecure", "pending"] as const;
  for (const [org, n] of [[orgA, 23], [orgB, 9], [orgC, 8]] as const) {
    const ids = await insertConnections(
      org,
      Array.from({ length: n }, (_, i) => ({
        status: statuses[i % 4],
        lastCheckedAt: i % 7 === 6 ? null : at(Math.floor(i / 3)),
        partition: i % 5 === 0 ? "aws-us-gov" : "aws",
      })),
    );
    ids.forEach((id) => mine.add(id));
  }
});

const query = (params: Record<string, string> = {}) => parseConnectionList({ q: tag, ...params });

/** Follows `next` from the first page to the end, then `previous` back, checking both walks agree. */
async function walk(q: ConnectionListQuery, pageSize: number): Promise<AdminConnectionRow[]> {
  const pages: AdminConnectionRow[][] = [];
  let page = await listConnectionsPage(admin, q, pageSize);
  expect(page.previous).toBeUndefined();
  expect(await countBefore(admin, q, page.first)).toBe(0);
  pages.push(page.rows);
  while (page.next) {
    page = await listConnectionsPage(admin, { ...q, after: page.next }, pageSize);
    // Where the page sits: every row of the pages before it, and no other.
    expect(await countBefore(admin, q, page.first)).toBe(pages.flat().length);
    pages.push(page.rows);
  }
  for (let i = pages.length - 2; i >= 0; i--) {
    expect(page.previous).toBeDefined();
    page = await listConnectionsPage(admin, { ...q, before: page.previous }, pageSize);
    expect(page.rows.map((r) => r.id)).toEqual(pages[i]!.map((r) => r.id));
  }
  expect(page.previous).toBeUndefined();
  return pages.flat();
}

const checked = (r: AdminConnectionRow) => r.lastCheckedAt?.getTime() ?? -Infinity;

describe("keyset pagination", () => {
  for (const sort of CONNECTION_SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`visits every connection once, in order, by ${sort} ${dir} (pages of 7, ties in every key)`, async () => {
        const rows = await walk(query({ sort, dir }), 7);
        expect(rows.length).toBe(mine.size);
        expect(new Set(rows.map((r) => r.id))).toEqual(mine);
        const sign = dir === "asc" ? 1 : -1;
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1]!, rows[i]!];
          if (sort === "lastChecked" && checked(a) !== checked(b)) expect(sign * (checked(b) - checked(a))).toBeGreaterThan(0);
          if (sort === "organization" && a.organizationName === b.organizationName && a.organizationId !== b.organizationId) {
            // Two organisations of one name are not interleaved: each is one block.
            expect(rows.slice(i).some((r) => r.organizationId === a.organizationId)).toBe(false);
          }
        }
      });
    }
  }

  it("reads a malformed cursor, or one made for another sort, as the first page", async () => {
    const first = await listConnectionsPage(admin, query(), 5);
    for (const after of ["garbage", Buffer.from('["lastChecked","desc","not a date","x"]').toString("base64url"), first.next!]) {
      const page = await listConnectionsPage(admin, { ...query({ sort: "status" }), after }, 5);
      expect(page.previous).toBeUndefined();
      expect(page.rows.map((r) => r.id)).toEqual((await listConnectionsPage(admin, query({ sort: "status" }), 5)).rows.map((r) => r.id));
    }
  });

  it("streams every match in batches, in the list's order", async () => {
    const all: AdminConnectionRow[] = [];
    for await (const batch of connectionBatches(admin, query({ sort: "organization" }), 6)) all.push(...batch);
    expect(all.map((r) => r.id)).toEqual((await walk(query({ sort: "organization" }), 50)).map((r) => r.id));
  });
});

describe("search and filters", () => {
  it("filters by status, partition and organisation, and counts the same rows", async () => {
    const failed = await walk(query({ status: "failed" }), 4);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.status === "failed" && mine.has(r.id))).toBe(true);
    expect(await countConnections(admin, query({ status: "failed" }))).toBe(failed.length);
    const gov = await walk(query({ partition: "aws-us-gov" }), 4);
    expect(gov.every((r) => r.partition === "aws-us-gov")).toBe(true);
    expect((await walk(parseConnectionList({ org: orgB }), 4)).length).toBe(9);
  });

  it("finds a connection by account id or ARN fragment, and organisations by part of their name", async () => {
    const account = accountId();
    const [id] = await insertConnections(orgB, [{ accountId: account, roleName: `Needle_${tag}%x` }]);
    mine.add(id!);
    for (const q of [account, account.slice(2, 9), `needle_${tag}%x`]) {
      const page = await listConnectionsPage(admin, parseConnectionList({ q }));
      expect(page.rows.map((r) => r.id)).toEqual([id]);
    }
    const byName = await walk(parseConnectionList({ q: `${tag} beta` }), 50);
    expect(byName.every((r) => r.organizationId === orgB)).toBe(true);
    expect(byName.length).toBe(10);
  });

  it("takes % and _ in a search literally", async () => {
    expect((await listConnectionsPage(admin, parseConnectionList({ q: `${tag.slice(0, 4)}%${tag.slice(6)}` }))).rows).toEqual([]);
    expect((await listConnectionsPage(admin, parseConnectionList({ q: `${tag.slice(0, 4)}_${tag.slice(5)}` }))).rows).toEqual([]);
  });

  it("turns bad parameters into defaults instead of failing", () => {
    expect(parseConnectionList({ status: "nope", partition: "x", org: "1", sort: "drop table", dir: "up", size: "1000000", q: "ab", after: "z".repeat(5000) })).toEqual({
      sort: "lastChecked",
      dir: "desc",
      size: 50,
    });
    expect(parseConnectionList({ status: ["failed", "verified"], size: "10" })).toMatchObject({ status: "failed", size: 10 });
  });
});

describe("authorisation", () => {
  it("refuses a member every admin listing", async () => {
    for (const attempt of [
      () => listConnectionsPage(member, query()),
      () => countConnections(member, query()),
      async () => connectionBatches(member, query()),
    ]) {
      await expect(attempt()).rejects.toSatisfy((e: unknown) => isDalError(e, "forbidden"));
    }
  });
});
