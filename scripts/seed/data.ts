// Realistic-looking seed rows, made from a seeded pseudo-random generator (same --seed, same data).
import { randomUUID } from "node:crypto";
import { generateExternalId } from "@/lib/aws/external-id";

/** A small, fast deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** Picks by weight: `[[value, weight], …]`. */
function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  let r = random() * table.reduce((n, [, w]) => n + w, 0);
  for (const [value, w] of table) if ((r -= w) < 0) return value;
  return table[0]![0];
}

const FIRST = ["Northwind", "Blue Harbor", "Acme", "Initech", "Globex", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Hooli", "Pied Piper", "Vandelay", "Soylent", "Oscorp", "Wonka", "Aperture", "Black Mesa", "Massive Dynamic", "Gringotts", "Monarch", "Sterling", "Dunder", "Prestige", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Lakeshore", "Redwood", "Granite", "Silverline", "Brightwater", "Ironclad", "Evergreen", "Summit", "Harbor Point", "Copperfield"];
const SECOND = ["Analytics", "Logistics", "Health", "Bank", "Insurance", "Retail", "Media", "Energy", "Labs", "Software", "Payments", "Robotics", "Foods", "Airlines", "Telecom", "Security", "Cloud", "Gaming", "Biotech", "Capital"];
const SUFFIX = ["Inc", "Ltd", "GmbH", "SA", "BV", "AB", "Oy", "LLC", "plc", "KK"];
const ROLE_NAMES = ["RolegateAccess", "RolegateAccess", "RolegateAccess", "RolegateReadOnly", "rolegate-audit", "Rolegate-Prod", "Rolegate-Staging"];
const FAILURES = [
  ["access-denied", "AWS refused Rolegate access to the role", 70],
  ["throttled", "AWS is limiting requests right now", 5],
  ["timeout", "AWS did not answer in time", 5],
  ["region-disabled", "AWS STS is turned off for your account in the region Rolegate uses", 5],
  ["check-inconclusive", "Rolegate could not finish the External ID security check", 5],
] as const;

const DAY = 86_400_000;
export type SeedOrganization = { id: string; name: string; external_id: string; old_external_id: string | null; created_at: string; rotated_at: string | null };
export type SeedConnection = Record<string, string | null>;

/** An organisation; one in ten has rotated its External ID since it was created. */
export function organization(random: Random, now: number): SeedOrganization {
  const created = now - (30 + random() * 700) * DAY;
  const rotated = random() < 0.1 ? now - random() * 25 * DAY : null;
  return {
    id: randomUUID(),
    name: `${pick(random, FIRST)} ${pick(random, SECOND)} ${pick(random, SUFFIX)}`,
    external_id: generateExternalId(),
    old_external_id: rotated ? generateExternalId() : null,
    created_at: new Date(created).toISOString(),
    rotated_at: rotated ? new Date(rotated).toISOString() : null,
  };
}

/** A connection of `org` in every state a real fleet has, with consistent timestamps. */
export function connection(random: Random, org: SeedOrganization, now: number): SeedConnection {
  const partition = weighted(random, [["aws", 92], ["aws-us-gov", 5], ["aws-cn", 3]] as const);
  const accountId = String(Math.floor(100_000_000_000 + random() * 899_999_999_999));
  const path = random() < 0.1 ? "/partners/" : "/";
  const roleName = pick(random, ROLE_NAMES);
  const status = weighted(random, [["verified", 70], ["failed", 12], ["insecure", 2], ["pending", 6], ["disconnected", 10]] as const);
  const created = Date.parse(org.created_at) + random() * (now - Date.parse(org.created_at));
  const checked = status === "pending" ? null : Math.min(now, created + random() * (now - created)) - random() * 3 * DAY;
  const lastChecked = checked === null ? null : Math.max(created, checked);
  const verified =
    status === "verified" ? lastChecked : status === "failed" || status === "disconnected" ? (random() < 0.7 && lastChecked ? lastChecked - random() * 20 * DAY : null) : null;
  const failure = status === "failed" ? weighted(random, FAILURES.map(([code, title, w]) => [[code, title], w] as const)) : null;
  const onOld = org.old_external_id !== null && random() < 0.6;
  return {
    organization_id: org.id,
    role_arn: `arn:${partition}:iam::${accountId}:role${path}${roleName}`,
    account_id: accountId,
    partition,
    role_name: roleName,
    external_id: onOld ? org.old_external_id : org.external_id,
    status,
    last_checked_at: lastChecked === null ? null : new Date(lastChecked).toISOString(),
    last_verified_at: verified === null ? null : new Date(Math.max(created, verified)).toISOString(),
    last_failure_code: status === "insecure" ? "insecure-no-external-id" : failure?.[0] ?? null,
    last_failure_message: status === "insecure" ? "This role can be assumed without an External ID" : failure?.[1] ?? null,
    created_at: new Date(created).toISOString(),
  };
}
