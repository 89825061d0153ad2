import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { actionRequest } from "../scripts/support/load-actions";
import { actionByKey, formData } from "./support/actions";
import { adminApi, anonymousApi, postSignIn } from "./support/api-session";
import { organizationsNamed } from "./support/observe";
import { ADMIN_STATE, e2e, expect, test, unique } from "./fixtures";

// Server action requests that Next.js cannot read, sent with the partner admin's session to the
// real "create organisation" action: each is refused with a 4xx and a short plain answer before
// anything runs, and no organisation it names exists afterwards.

const PAGE = "/admin/organizations";
const CREATE = "lib/actions/organizations/create-organization.ts#createOrganizationAction";
const MB = 1024 * 1024;

let admin: APIRequestContext;
const attempted: string[] = [];

test.beforeAll(async () => {
  admin = await adminApi();
});
test.afterAll(async () => admin?.dispose());

/** A real call that would create an organisation named `name`: its headers and multipart body. */
async function createCall(name: string, extra: Record<string, string> = {}) {
  attempted.push(name);
  return actionRequest(actionByKey(CREATE), [{}, formData({ name, ...extra })], e2e.baseURL);
}

/** The answer a refusal must be: this status, a line of plain text, nothing of the server's insides. */
async function expectRefused(response: { status: () => number; text: () => Promise<string>; headers: () => Record<string, string> }, status: number) {
  const text = await response.text();
  expect(response.status(), text.slice(0, 200)).toBe(status);
  expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(text.length).toBeLessThan(200);
  expect(text).not.toMatch(/digest|Error|\bat \S+ \(|node_modules|\.next/);
}

/** The admin's cookies, for the requests Playwright cannot shape (a chunked body, no content type). */
function adminCookie(): string {
  const state = JSON.parse(readFileSync(ADMIN_STATE, "utf8")) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

test("the same call, well formed, creates the organisation (so each refusal below is the check, not a broken request)", async () => {
  const name = unique("Well formed");
  const call = await actionRequest(actionByKey(CREATE), [{}, formData({ name })], e2e.baseURL);
  const response = await admin.post(PAGE, { headers: call.headers, data: call.body });
  expect(response.status()).toBe(200);
  expect(await organizationsNamed(admin, name)).toBe(1);
});

const textCases: [string, string | Buffer, number][] = [
  ["a body that is not JSON", "not json{", 400],
  ["arrays nested 5,000 deep", `${"[".repeat(5000)}${"]".repeat(5000)}`, 400],
  ["a Map argument referring to a row the body lacks ($Q1)", '["$Q1"]', 400],
  ["a Set argument referring to a row the body lacks ($W1)", '["$W1"]', 400],
  ["a BigInt that is no number", '["$nxyz"]', 400],
  ["arguments that are not a list", '"x"', 400],
  ["more than 1,000 arguments", `[${"1,".repeat(1000)}1]`, 400],
  ["a body over 1 MB", `["${"a".repeat(MB)}"]`, 413],
];
for (const [what, body, status] of textCases) {
  test(`${what} is refused with ${status}`, async () => {
    const call = await createCall(unique("Text"));
    await expectRefused(await admin.post(PAGE, { headers: { ...call.headers, "content-type": "text/plain;charset=UTF-8" }, data: body }), status);
  });
}

test("a multipart body over 1 MB is refused with 413", async () => {
  const call = await createCall(unique("Big"), { padding: "a".repeat(MB) });
  await expectRefused(await admin.post(PAGE, { headers: call.headers, data: call.body }), 413);
});

test("a chunked body over 1 MB (no length declared) is refused with 413", async () => {
  const call = await createCall(unique("Chunked"), { padding: "a".repeat(MB) });
  const body = new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(call.body)), c.close()) });
  const response = await fetch(`${e2e.baseURL}${PAGE}`, { method: "POST", headers: { ...call.headers, cookie: adminCookie() }, body, duplex: "half" } as RequestInit);
  expect(response.headers.get("content-length")).not.toBe(String(call.body.length));
  await expectRefused({ status: () => response.status, text: () => response.text(), headers: () => Object.fromEntries(response.headers) }, 413);
});

test("a call without a content type is refused with 415", async () => {
  const call = await createCall(unique("Untyped"));
  const headers: Record<string, string> = { ...call.headers, cookie: adminCookie() };
  delete headers["content-type"];
  const response = await fetch(`${e2e.baseURL}${PAGE}`, { method: "POST", headers, body: new Uint8Array(Buffer.from('[{},"$K1"]')) });
  await expectRefused({ status: () => response.status, text: () => response.text(), headers: () => Object.fromEntries(response.headers) }, 415);
});

test("a multipart body without a boundary, or cut short, is refused with 400", async () => {
  const call = await createCall(unique("No boundary"));
  await expectRefused(await admin.post(PAGE, { headers: { ...call.headers, "content-type": "multipart/form-data" }, data: call.body }), 400);
  const cut = await createCall(unique("Cut short"));
  await expectRefused(await admin.post(PAGE, { headers: cut.headers, data: cut.body.subarray(0, cut.body.length - 20) }), 400);
});

test("a foreign, null or missing Origin is refused with 403, also with a prefetch header", async () => {
  for (const origin of ["https://evil.example", `http://${new URL(e2e.baseURL).host}.evil.example`, "null", "::not a url", undefined]) {
    for (const prefetch of [{}, { "next-router-prefetch": "1" }, { purpose: "prefetch" }] as Record<string, string>[]) {
      const call = await createCall(unique("Origin"));
      const headers: Record<string, string> = { ...call.headers, ...prefetch };
      if (origin === undefined) delete headers.origin;
      else headers.origin = origin;
      await expectRefused(await admin.post(PAGE, { headers, data: call.body }), 403);
    }
  }
});

test("an action id of another shape is refused with 400", async () => {
  for (const id of ["abc", "toString", actionByKey(CREATE).id.toUpperCase(), `${actionByKey(CREATE).id}00`]) {
    const call = await createCall(unique("Id"));
    await expectRefused(await admin.post(PAGE, { headers: { ...call.headers, "next-action": id }, data: call.body }), 400);
  }
});

test("no organisation named by a refused call exists", async () => {
  expect(attempted.length).toBeGreaterThan(10);
  for (const name of attempted) expect(await organizationsNamed(admin, name), name).toBe(0);
});

test("a callbackUrl that is no URL (http://localhost:PORT.evil.example) is refused with 400, or sends the sign-in home", async () => {
  const evil = `http://localhost:${new URL(e2e.baseURL).port}.evil.example`;
  const api = await anonymousApi();
  // In the form, next-auth asks our redirect callback, which keeps the browser on the site.
  const signedIn = await postSignIn(api, { email: e2e.adminEmail, password: e2e.adminPassword, callbackUrl: evil });
  expect(signedIn.status).toBe(200);
  expect(new URL(signedIn.url).origin).toBe(e2e.baseURL);
  // In the query or the cookie, next-auth checks it first and would answer 500.
  const query = await api.post(`/api/auth/callback/credentials?callbackUrl=${encodeURIComponent(evil)}`, { form: { email: e2e.adminEmail, password: "wrong password" }, maxRedirects: 0 });
  await expectRefused(query, 400);
  const cookie = await api.post("/api/auth/callback/credentials", {
    form: { email: e2e.adminEmail, password: "wrong password" },
    headers: { cookie: `next-auth.callback-url=${encodeURIComponent(evil)}` },
    maxRedirects: 0,
  });
  await expectRefused(cookie, 400);
  expect(cookie.headers()["set-cookie"], "the bad cookie is cleared").toMatch(/^next-auth\.callback-url=;.*Max-Age=0/);
  await api.dispose();
});
