import { queries } from "@/lib/api/schemas";
import type { ApiCaller } from "@/lib/dal/api-keys";
import { listConnectionRecords } from "@/lib/dal/records";
import { type ApiClient, type Failures, quantile } from "./bench-api-client";

/**
 * Part 1 of `bench:api`: a page of connections through the API against the DAL call that makes it,
 * in this process, and against the HTTP floor (an authenticated route with almost nothing to do).
 */

export type ListingCase = { name: string; params: Record<string, string> };
type Stats = { median: number; p95: number };
export type ListingFigures = { name: string; rows: number; dal: Stats; http: Stats; floor: Stats; overhead: number; budget: number };

const WARM_UP = 5;
/** Authenticated, counted against the key's limit, and one query of an empty table. */
export const FLOOR_PATH = "/api/v1/webhooks";

const stats = (samples: number[]): Stats => ({ median: quantile(samples, 0.5), p95: quantile(samples, 0.95) });

/**
 * The cases of the issue: first page, page 50 by cursor, each filter, and a smaller page. Page 50
 * has 200 rows from 10,000 connections on; below that its pages are smaller, so that it is full.
 */
export async function listingCases(caller: ApiCaller, values: { organizationId: string; accountId: string }, connections: number): Promise<ListingCase[]> {
  const size = String(Math.min(200, Math.floor(connections / 50)));
  let cursor: string | null = null;
  for (let page = 1; page < 50; page++) {
    cursor = (await listConnectionRecords(caller.viewer, dalQuery(cursor ? { limit: size, cursor } : { limit: size }))).nextCursor;
    if (!cursor) throw new Error(`the list of connections ends at page ${page} of ${size}`);
  }
  return [
    { name: "first page (limit 200)", params: { limit: "200" } },
    { name: `page 50 via nextCursor${size === "200" ? "" : ` (${size})`}`, params: { limit: size, cursor: cursor! } },
    { name: "status=failed", params: { limit: "200", status: "failed" } },
    { name: "organizationId=…", params: { limit: "200", organizationId: values.organizationId } },
    { name: "accountId=…", params: { limit: "200", accountId: values.accountId } },
    { name: "limit=50", params: { limit: "50" } },
  ];
}

/** The query the route hands the DAL for these parameters: parsed by the route's own schema. */
function dalQuery(params: Record<string, string>) {
  return queries.connections.parse(params);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * Times one case: `runs` rounds after warm-up, each round the DAL call, the same page over HTTP and
 * the floor, in an order that rotates so that none always runs first. Every HTTP page is checked
 * against the DAL's (rows and cursor); a wrong or failed answer is counted in `failures`.
 */
export async function measureCase(client: ApiClient, caller: ApiCaller, c: ListingCase, runs: number, failures: Failures): Promise<ListingFigures> {
  const query = dalQuery(c.params);
  const path = `/api/v1/connections?${new URLSearchParams(c.params)}`;
  const first = await listConnectionRecords(caller.viewer, query);
  const expected = JSON.stringify(first);
  const samples = { dal: [] as number[], http: [] as number[], floor: [] as number[] };
  const steps = {
    dal: async () => (await timed(() => listConnectionRecords(caller.viewer, query))).ms,
    http: async () => {
      const answer = await client.send("GET", path);
      check(answer.status, answer.text, expected, failures, c.name);
      return answer.ms;
    },
    floor: async () => {
      const answer = await client.send("GET", FLOOR_PATH);
      if (answer.status !== 200 || answer.text !== '{"data":[],"nextCursor":null}') failures.add(`GET ${FLOOR_PATH}: ${answer.status} ${answer.text.slice(0, 120)}`);
      return answer.ms;
    },
  };
  const order = ["dal", "http", "floor"] as const;
  for (let round = 0; round < WARM_UP + runs; round++) {
    for (let i = 0; i < order.length; i++) {
      const step = order[(round + i) % order.length]!;
      let ms: number;
      try {
        ms = await steps[step]();
      } catch (error) {
        failures.add(`${step} (${c.name}): ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (round >= WARM_UP) samples[step].push(ms);
    }
  }
  const dal = stats(samples.dal);
  const http = stats(samples.http);
  const floor = stats(samples.floor);
  return { name: c.name, rows: first.data.length, dal, http, floor, overhead: (http.median - floor.median) / dal.median, budget: http.median / (1.5 * dal.median + floor.median) };
}

function check(status: number, text: string, expected: string, failures: Failures, name: string): void {
  if (status !== 200) failures.add(`GET /api/v1/connections (${name}): ${status} ${text.slice(0, 120)}`);
  else if (text !== expected) failures.add(`GET /api/v1/connections (${name}): not the page the DAL gives`);
}

/** The table of Part 1. */
export function listingTable(figures: ListingFigures[]): string[] {
  const n = (ms: number) => ms.toFixed(2).padStart(6);
  const lines = [
    `${"case".padEnd(30)} rows   DAL median  p95   HTTP median  p95   floor median  p95   (HTTP−floor)/DAL  HTTP/(1.5·DAL+floor)`,
  ];
  for (const f of figures) {
    lines.push(
      `${f.name.padEnd(30)} ${String(f.rows).padStart(4)}   ${n(f.dal.median)} ${n(f.dal.p95)}    ${n(f.http.median)} ${n(f.http.p95)}    ${n(f.floor.median)} ${n(f.floor.p95)}   ${f.overhead.toFixed(2).padStart(16)}  ${f.budget.toFixed(2).padStart(20)}`,
    );
  }
  return lines;
}
