// npm run bench:dashboard [-- --runs 40 --organizations 20000]
// The admin lists at scale: seeds (or reuses) 100,000 connections on PostgreSQL (DATABASE_URL) or 10,000
// on PGlite, then times the data function behind each page (listConnectionsPage: the server's work for
// the table) against the bare SQL it sends, run through the driver directly, interleaved; then the
// organisation list (listOrganizationsPage and its count) with at least --organizations organisations
// (default: the 2,000 the seed makes for 100,000 connections; more are added with one connection each);
// last, on PostgreSQL after `next build`, the same pages over HTTP from the production server.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { decodeCursor } from "@/lib/dal/admin/keyset";
import { listConnectionsPage, pageQuery } from "@/lib/dal/admin/connection-list";
import { countOrganizations, listOrganizationsPage } from "@/lib/dal/admin/organization-list";
import { organizationListSearch, parseOrganizationList } from "@/lib/schemas/admin-organizations";
import { connectionOverview, verificationOutcomesByDay } from "@/lib/dal/admin/overview";
import type { Viewer } from "@/lib/dal/viewer";
import { connectionListSearch, parseConnectionList, type ConnectionListQuery } from "@/lib/schemas/admin-connections";
import { refusal, seed } from "./seed/run";
import { timeAdminPages } from "./support/bench-pages";
import { openDatabaseOrExit } from "./support/cli-database";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" }, organizations: { type: "string", default: "0" } } });
const wantedOrganizations = Math.max(0, Math.min(1_000_000, Number(values.organizations) || 0));
const runs = Math.max(5, Math.min(1000, Number(values.runs) || 40));
const refused = refusal();
if (refused) {
  console.error(`Refusing to benchmark (it seeds the database): ${refused}`);
  process.exit(1);
}
openDatabaseOrExit("benchmark");
const { database } = getConfig();
const target = database.kind === "postgres" ? 100_000 : 10_000;
// assertAdmin only reads the role: a viewer made here stands for a signed-in partner admin.
const admin: Viewer = { userId: randomUUID(), email: "bench@rolegate.local", name: "Bench", role: "admin", organizationId: null, passwordChangeRequired: false };

type Raw = { unsafe?: (q: string, p: unknown[], o: object) => Promise<unknown[]>; query?: (q: string, p: unknown[]) => Promise<{ rows: unknown[] }> };
/** The same SQL and parameters sent the way drizzle sends them (unnamed statement), straight through its driver: no row mapping. */
async function bare(query: ConnectionListQuery): Promise<number> {
  const keys = decodeCursor(query.after, query.sort, query.dir);
  const { sql: text, params } = pageQuery(query, query.dir, keys, query.size + 1).toSQL();
  const client = (getDb() as unknown as { $client: Raw }).$client;
  if (client.unsafe) return (await client.unsafe(text, params, { prepare: false })).length;
  return (await client.query!(text, params)).rows.length;
}

/** Rows of a raw `execute`: postgres-js gives an array, PGlite an object with `rows`. */
async function select<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await getDb().execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

try {
  await migrateDatabase();
  const [{ n }] = (await select<{ n: number }>(sql`select count(*)::int as n from connections`)) as [{ n: number }];
  if (n < target) {
    console.log(`Seeding ${target - n} connections (${n} there, ${target} wanted)…`);
    await seed(getDb(), { connections: target - n, history: 3, seed: Date.now() % 100_000, log: (l) => console.log(l) });
  } else console.log(`Reusing ${n} connections.`);
  const [sample] = (await select<{ account_id: string; name: string; organization_id: string }>(
    sql`select c.account_id, o.name, c.organization_id from connections c join organizations o on o.id = c.organization_id order by c.id limit 1`,
  )) as [{ account_id: string; name: string; organization_id: string }];

  // Page 50 via keyset: follow the "next" cursor from the first page, as a person clicking would.
  let cursor: string | undefined;
  for (let page = 1; page < 50; page++) cursor = (await listConnectionsPage(admin, parseConnectionList({ ...(cursor ? { after: cursor } : {}) }))).next;
  const cases: [string, ConnectionListQuery][] = [
    ["first page (last checked)", parseConnectionList({})],
    ["search: account id", parseConnectionList({ q: sample.account_id })],
    ["search: organisation name", parseConnectionList({ q: sample.name.split(" ")[0]! })],
    ["filter: status failed", parseConnectionList({ status: "failed" })],
    ["filter: partition aws-cn", parseConnectionList({ partition: "aws-cn" })],
    ["filter: one organisation", parseConnectionList({ org: sample.organization_id })],
    ["sort: organisation", parseConnectionList({ sort: "organization", dir: "asc" })],
    ["page 50 via keyset", parseConnectionList({ after: cursor })],
  ];
  console.log(`\n${database.kind === "postgres" ? "PostgreSQL" : "PGlite"}, ${Math.max(n, target)} connections, ${runs} runs each (after 5 warm-up runs), times in ms\n`);
  console.log(["case".padEnd(28), "rows", "fn median", "fn p95", "SQL median", "SQL p95", "ratio"].join("  "));
  for (const [name, query] of cases) {
    const fn: number[] = [];
    const raw: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) await Promise.all([listConnectionsPage(admin, query)]).then(() => bare(query));
    for (let i = 0; i < runs; i++) {
      fn.push(await time(async () => (rows = (await listConnectionsPage(admin, query)).rows.length)));
      raw.push(await time(() => bare(query)));
    }
    const f = stats(fn);
    const b = stats(raw);
    console.log(
      [name.padEnd(28), String(rows).padStart(4), f.median.toFixed(2).padStart(9), f.p95.toFixed(2).padStart(6), b.median.toFixed(2).padStart(10), b.p95.toFixed(2).padStart(7), `${(f.median / b.median).toFixed(2)}×`.padStart(5)].join("  "),
    );
  }
  for (const [name, fn] of [
    ["overview: counts", () => connectionOverview(admin, 7)],
    ["overview: 30-day chart", () => verificationOutcomesByDay(admin, 30)],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) await fn();
    for (let i = 0; i < runs; i++) samples.push(await time(fn));
    const s = stats(samples);
    console.log([name.padEnd(28), "    ", s.median.toFixed(2).padStart(9), s.p95.toFixed(2).padStart(6)].join("  "));
  }
  const [{ orgs }] = (await select<{ orgs: number }>(sql`select count(*)::int as orgs from organizations`)) as [{ orgs: number }];
  if (orgs < wantedOrganizations) {
    console.log(`\nSeeding ${wantedOrganizations - orgs} organisations with one connection each (${orgs} there)…`);
    await seed(getDb(), { connections: wantedOrganizations - orgs, organizations: wantedOrganizations - orgs, history: 1, seed: Date.now() % 100_000, log: (l) => console.log(l) });
  }
  const [{ total }] = (await select<{ total: number }>(sql`select count(*)::int as total from organizations`)) as [{ total: number }];
  let orgCursor: string | undefined;
  for (let page = 1; page < 20; page++) orgCursor = (await listOrganizationsPage(admin, parseOrganizationList({ ...(orgCursor ? { after: orgCursor } : {}) }))).next;
  console.log(`\nOrganisation list, ${total} organisations (50 a page with counts by status, members and old External IDs)\n`);
  console.log(["case".padEnd(28), "rows", "fn median", "fn p95"].join("  "));
  for (const [name, fn] of [
    ["orgs: first page (name)", () => listOrganizationsPage(admin, parseOrganizationList({}))],
    ["orgs: newest first", () => listOrganizationsPage(admin, parseOrganizationList({ sort: "created", dir: "desc" }))],
    ["orgs: search by name", () => listOrganizationsPage(admin, parseOrganizationList({ q: sample.name.split(" ")[0]! }))],
    ["orgs: page 20 via keyset", () => listOrganizationsPage(admin, parseOrganizationList({ after: orgCursor }))],
    ["orgs: count", () => countOrganizations(admin, undefined).then(() => ({ rows: [] }))],
  ] as const) {
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) await fn();
    for (let i = 0; i < runs; i++) samples.push(await time(async () => (rows = (await fn()).rows.length)));
    const s = stats(samples);
    console.log([name.padEnd(28), String(rows).padStart(4), s.median.toFixed(2).padStart(9), s.p95.toFixed(2).padStart(6)].join("  "));
  }
  console.log("\nfn = listConnectionsPage (authorisation, cursor, query building, rows to DTOs); SQL = the same statement through the driver.");
  console.log("Targets: p95 ≤ 100 ms on PostgreSQL; fn within 2× of its SQL.");

  // The same views as a browser gets them: the whole page, rendered by the production server.
  const pages = [
    "/admin",
    "/admin/connections",
    `/admin/connections${connectionListSearch({ q: sample.account_id })}`,
    "/admin/connections?status=failed",
    `/admin/connections${connectionListSearch({ after: cursor })}`,
    "/admin/organizations",
    `/admin/organizations${organizationListSearch({ q: sample.name.split(" ")[0]! })}`,
    "/admin/organizations?sort=created&dir=desc",
    `/admin/organizations${organizationListSearch({ after: orgCursor })}`,
  ];
  const figures = await timeAdminPages(database.kind === "postgres" ? database.url : undefined, pages, runs);
  if (typeof figures === "string") console.log(`\nPages over HTTP: skipped (${figures}).`);
  else {
    console.log(`\nPages over HTTP (next start, signed in as an admin; time to the last byte on loopback, ${runs} requests each after 3 warm-up rounds over every page and 3 of its own), ms\n`);
    console.log(["page".padEnd(44), "status", "median", "   p95", "   KB"].join("  "));
    for (const f of figures) {
      const shown = f.path.length > 44 ? `${f.path.slice(0, 41)}…` : f.path;
      console.log([shown.padEnd(44), String(f.status).padStart(6), f.median.toFixed(1).padStart(6), f.p95.toFixed(1).padStart(6), f.kb.toFixed(0).padStart(5)].join("  "));
    }
    console.log("Targets: p95 ≤ 100 ms and HTML ≤ 300 KB per page.");
  }
} finally {
  await closeDb();
}
