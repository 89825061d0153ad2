import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers";

interface OrgView {
  id: string;
  managementAccountId: string;
  rootId: string;
  ous: { id: string; name: string; parentId: string; accounts: string[] }[];
  accounts: ({ id: string; ouId: string } | { id: string; rootId: string })[];
}

const MANAGEMENT = "100000000001";

describe("AWS Organizations through the control API", () => {
  let t: TestSandbox;
  let dataDir: string;
  let org: OrgView;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "rolegate-sandbox-org-"));
    t = await startTestSandbox({ dataDir });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates an organisation of 50 accounts in 3 OUs (one nested) with ids in AWS's formats", async () => {
    const res = await t.control("POST", "/_sandbox/organizations", {
      managementAccountId: MANAGEMENT,
      ous: [
        { name: "Workloads", accounts: 20 },
        { name: "Prod", parent: "Workloads", accounts: 20 },
        { name: "Sandbox", accounts: ["200000000001", "200000000002", "200000000003", "200000000004", "200000000005", "200000000006", "200000000007", "200000000008", "200000000009", "200000000010"] },
      ],
    });
    expect(res.status).toBe(201);
    org = res.body;
    expect(org.id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(org.rootId).toMatch(/^r-[a-z0-9]{4}$/);
    const root = org.rootId.slice(2);
    expect(org.ous.map((ou) => ou.id)).toEqual(org.ous.map(() => expect.stringMatching(new RegExp(`^ou-${root}-[a-z0-9]{8}$`))));
    const [workloads, prod, sandbox] = org.ous;
    expect(workloads).toMatchObject({ name: "Workloads", parentId: org.rootId });
    expect(prod).toMatchObject({ name: "Prod", parentId: workloads?.id });
    expect(sandbox?.accounts).toContain("200000000010");
    expect(org.ous.map((ou) => ou.accounts.length)).toEqual([20, 20, 10]);
    expect(org.accounts).toHaveLength(51);
    expect(org.accounts).toContainEqual({ id: MANAGEMENT, rootId: org.rootId });
    expect(new Set(org.accounts.map((a) => a.id)).size).toBe(51);
    for (const account of org.accounts) expect(account.id).toMatch(/^\d{12}$/);
  });

  it("lists organisations and reads one by id", async () => {
    expect((await t.control("GET", "/_sandbox/organizations")).body.organizations).toEqual([org]);
    expect((await t.control("GET", `/_sandbox/organizations/${org.id}`)).body).toEqual(org);
    expect((await t.control("GET", "/_sandbox/organizations/o-0000000000")).status).toBe(404);
  });

  it("adds an account (a random id when none is given), moves one, removes one", async () => {
    const [workloads, , sandbox] = org.ous;
    const added = await t.control("POST", `/_sandbox/organizations/${org.id}/accounts`, { ouId: sandbox?.id });
    expect(added.status).toBe(201);
    const fresh = (added.body as OrgView).ous[2]?.accounts.find((id) => !sandbox?.accounts.includes(id));
    expect(fresh).toMatch(/^\d{12}$/);
    const moved = await t.control("POST", `/_sandbox/organizations/${org.id}/accounts`, { ouId: workloads?.id, accountId: "200000000001" });
    expect(moved.body.accounts).toContainEqual({ id: "200000000001", ouId: workloads?.id });
    expect(moved.body.accounts).toHaveLength(52);
    const removed = await t.control("DELETE", `/_sandbox/organizations/${org.id}/accounts/200000000002`);
    expect(removed.status).toBe(200);
    expect(removed.body.accounts.map((a: { id: string }) => a.id)).not.toContain("200000000002");
    expect((await t.control("DELETE", `/_sandbox/organizations/${org.id}/accounts/200000000002`)).status).toBe(404);
    org = removed.body;
  });

  it.each([
    ["an unknown field", "POST", "/_sandbox/organizations", { ous: [], extra: 1 }, 400],
    ["a short management account id", "POST", "/_sandbox/organizations", { managementAccountId: "123" }, 400],
    ["an OU whose parent is not listed before it", "POST", "/_sandbox/organizations", { ous: [{ name: "A", parent: "B" }, { name: "B" }] }, 400],
    ["an account already in an organisation", "POST", "/_sandbox/organizations", { ous: [{ name: "A", accounts: ["200000000003"] }] }, 409],
    ["the management account of another organisation", "POST", "/_sandbox/organizations", { managementAccountId: MANAGEMENT }, 409],
    ["an unknown OU", "POST", "accounts", { ouId: "ou-zzzz-zzzzzzzz" }, 400],
    ["a malformed OU id", "POST", "accounts", { ouId: "Workloads" }, 400],
    ["removing the management account", "DELETE", `accounts/${MANAGEMENT}`, undefined, 400],
    ["a malformed account id in the path", "DELETE", "accounts/12", undefined, 400],
  ])("refuses %s and changes nothing", async (_label, method, path, body, status) => {
    const before = (await t.control("GET", "/_sandbox/organizations")).body;
    const res = await t.control(method, path.startsWith("/") ? path : `/_sandbox/organizations/${org.id}/${path}`, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(res.body.error.message).toEqual(expect.any(String));
    expect((await t.control("GET", "/_sandbox/organizations")).body).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await fetch(`${t.sandbox.url}/_sandbox/organizations`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(res.status).toBe(415);
    expect((await t.control("GET", "/_sandbox/organizations")).body.organizations).toHaveLength(1);
  });

  it("keeps organisations across a restart, and forgets them on reset", async () => {
    await t.close();
    t = await startTestSandbox({ dataDir });
    expect((await t.control("GET", `/_sandbox/organizations/${org.id}`)).body).toEqual(org);
    expect((await t.control("POST", "/_sandbox/reset")).status).toBe(204);
    expect((await t.control("GET", "/_sandbox/organizations")).body.organizations).toEqual([]);
  });
});
