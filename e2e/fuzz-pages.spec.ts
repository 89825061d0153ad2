import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import { adminApi, anonymousApi, testAddress } from "./support/api-session";
import { encode, expectNoReflectedMarkup, FUZZ, fuzz, idLike, query, segment, text } from "./support/fuzz";
import { appRoutes, isPartnerApi } from "./support/surface";
import { newTenant, type Tenant } from "./support/tenants";
import { createEndpoint, deleteEndpoint } from "./support/webhook-endpoints";
import { expect, test } from "./fixtures";

// Every URL parameter, fuzzed: path segments of dynamic routes and the query parameters pages
// read. No answer is a 5xx, none reflects markup unescaped, and every answer arrives whole.

type Who = "anonymous" | "member" | "admin";
type Target = { as: Who; url: fc.Arbitrary<string> };

const LIST = ["q", "status", "partition", "org", "sort", "dir", "size", "after", "before"];
const cursor = fc
  .tuple(fc.constantFrom("lastChecked", "status", "organization"), fc.constantFrom("asc", "desc"), fc.array(text, { maxLength: 5 }))
  .map(([sort, dir, keys]) => Buffer.from(JSON.stringify([sort, dir, ...keys])).toString("base64url"));
const listValue = fc.oneof(text, cursor, fc.constantFrom("verified", "failed", "aws", "aws-cn", "organization", "status", "asc", "10", "100"));
// Delivery cursors as the DAL writes them ([created_at as text, id]), near misses included.
const timestampText = fc.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/);
const deliveryCursor = fc.tuple(fc.oneof(timestampText, text), fc.oneof(fc.uuid(), text)).map((pair) => base64Json(pair));
// Organisation list cursors: [sort, dir, key, id], near misses included.
const orgCursor = fc
  .tuple(fc.constantFrom("name", "created"), fc.constantFrom("asc", "desc"), fc.oneof(text, timestampText), fc.oneof(fc.uuid(), text))
  .map((parts) => base64Json(parts));
const orgListValue = fc.oneof(text, orgCursor, fc.constantFrom("name", "created", "asc", "desc", "10", "100", "%", "_"));

/** The URLs to fuzz, per route pattern, for a tenant; the first test checks that every parameter has one. */
const TARGETS: Record<string, (t: Tenant) => Target> = {
  "/invite/[token]": () => ({ as: "anonymous", url: segment.map((s) => `/invite/${s}`) }),
  "/sign-in": () => ({ as: "anonymous", url: withQuery(fc.constant("/sign-in"), ["callbackUrl", "error"]) }),
  "/onboarding": (t) => ({ as: "member", url: withQuery(fc.constant("/onboarding"), ["connection", "region"], fc.oneof(idLike(ids(t)), fc.constantFrom("eu-west-1", "us-east-1"))) }),
  "/onboarding/registration": () => ({
    as: "member",
    url: withQuery(fc.constant("/onboarding/registration"), ["since"], fc.oneof(text, fc.integer().map(String), fc.double().map(String), fc.constantFrom("0", "-1", "1e309", "NaN"))),
  }),
  "/admin": () => ({ as: "admin", url: withQuery(fc.constant("/admin"), ["days"], fc.oneof(text, fc.integer().map(String))) }),
  "/admin/connections": () => ({ as: "admin", url: withQuery(fc.constant("/admin/connections"), LIST, listValue) }),
  "/admin/organizations": () => ({ as: "admin", url: withQuery(fc.constant("/admin/organizations"), ["q", "sort", "dir", "size", "after", "before"], orgListValue) }),
  "/admin/connections/export": () => ({ as: "admin", url: withQuery(fc.constant("/admin/connections/export"), LIST, listValue) }),
  "/admin/connections/[id]": (t) => ({
    as: "admin",
    url: withQuery(idLike(ids(t)).map((id) => `/admin/connections/${encode(id) || "x"}`), ["older"], fc.oneof(text, fc.array(text, { maxLength: 3 }).map(base64Json))),
  }),
  "/admin/organizations/[id]": (t) => ({ as: "admin", url: fc.oneof(idLike([t.id]).map(encode), segment).map((s) => `/admin/organizations/${s || "x"}`) }),
  "/admin/jobs/[id]": () => ({ as: "admin", url: segment.map((s) => `/admin/jobs/${s}`) }),
  "/admin/jobs/[id]/progress": () => ({ as: "admin", url: segment.map((s) => `/admin/jobs/${s}/progress`) }),
  "/admin/webhooks/[id]": () => ({
    as: "admin",
    url: withQuery(idLike([webhookId]).map((id) => `/admin/webhooks/${encode(id) || "x"}`), ["cursor"], fc.oneof(text, deliveryCursor)),
  }),
  "/admin/mail": () => ({ as: "admin", url: withQuery(fc.constant("/admin/mail"), ["cursor"], fc.oneof(text, deliveryCursor)) }),
  "/admin/mail/[id]": () => ({ as: "admin", url: fc.oneof(segment, fc.uuid()).map((s) => `/admin/mail/${s || "x"}`) }),
  "/templates/[file]": () => ({ as: "anonymous", url: fc.oneof(segment, fc.constantFrom("rolegate-role.yaml", "rolegate-role.json")).map((s) => `/templates/${s}`) }),
  "/api/auth/[...nextauth]": () => ({ as: "anonymous", url: fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/api/auth/${s.join("/")}`) }),
  "admin pages without parameters": () => ({ as: "admin", url: withQuery(fc.constantFrom("/", "/account/password", "/account/notifications", "/admin/jobs", "/admin/api-keys", "/admin/api-keys/docs", "/admin/webhooks", "/api/health"), []) }),
  "member pages without parameters": () => ({ as: "member", url: withQuery(fc.constantFrom("/", "/account/password", "/account/notifications", "/accounts"), []) }),
};

function withQuery(path: fc.Arbitrary<string>, names: string[], value?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(path, query(names, value)).map(([p, q]) => p + q);
}
const ids = (t: Tenant) => t.connections.map((c) => c.id);
const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let tenant: Tenant;
const api = {} as Record<Who, APIRequestContext>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  api.admin = await adminApi();
  api.anonymous = await anonymousApi();
  tenant = await newTenant(api.admin, "Fuzz");
  api.member = tenant.member.api;
});
test.afterAll(async () => Promise.all(Object.values(api).map((a) => a?.dispose())));

// An endpoint of the partner's, so that its page is fuzzed past the lookup (nothing listens on port 9).
let webhookId = "";
test.beforeAll(async () => {
  const admin = await adminApi();
  webhookId = (await createEndpoint(admin, "http://127.0.0.1:9/fuzz-pages", ["job.completed"], "Fuzzed pages")).id;
  await admin.dispose();
});
test.afterAll(async () => {
  const admin = await adminApi();
  if (webhookId) await deleteEndpoint(admin, webhookId);
  await admin.dispose();
});

test("every dynamic segment and every page that reads its query has a fuzz target", () => {
  // The partner API is fuzzed with its keys in e2e/api-fuzz.spec.ts.
  const routes = appRoutes().filter((r) => !isPartnerApi(r.pattern));
  const dynamic = routes.filter((r) => r.pattern.includes("[")).map((r) => r.pattern);
  const readsQuery = routes.filter((r) => /searchParams|nextUrl|request\.url/.test(readFileSync(r.file, "utf8"))).map((r) => r.pattern);
  expect([...dynamic, ...readsQuery].filter((p) => !(p in TARGETS))).toEqual([]);
});

for (const [name, make] of Object.entries(TARGETS)) {
  test(`fuzz ${name}`, async () => {
    test.setTimeout(60_000 + FUZZ.runs * 200);
    const target = make(tenant);
    await fuzz(name, target.url, async (url) => {
      // Each anonymous request from an address of its own: invite guesses are limited per address.
      const headers: Record<string, string> = target.as === "anonymous" ? { "x-forwarded-for": testAddress() } : {};
      const response = await api[target.as].get(url, { maxRedirects: 0, headers });
      const body = await response.text(); // throws if the response is cut short
      expect(response.status(), `${url} → ${body.slice(0, 200)}`).toBeLessThan(500);
      expectNoReflectedMarkup(body, response.headers()["content-type"], decodeURIComponentSafe(url));
      return `status ${response.status()}`;
    });
  });
}

function decodeURIComponentSafe(url: string): string {
  try {
    return `${url} ${decodeURIComponent(url.replace(/\+/g, " "))}`;
  } catch {
    return url;
  }
}
