import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { isUuid } from "@/lib/dal/ids";
import { isEventType } from "@/lib/events/types";
import { anyValue, text, UNIT_RUNS } from "@/tests/support/fuzz-text";
import { bodies, params, queries } from "./schemas";

// The partner API's request schemas against any JSON-like input: they never throw, refuse every
// field they do not know, and what they accept is what the data-access layer can take.

const HIDDEN = /[\p{Cc}]/u;
const input = (names: string[]) =>
  fc.record({ ...Object.fromEntries(names.map((n) => [n, anyValue])), extra: anyValue }, { requiredKeys: [] }).map((r) => ({ ...r }));

function property(schema: z.ZodType, names: string[], accepted: (data: Record<string, unknown>, raw: Record<string, unknown>) => void) {
  fc.assert(
    fc.property(input(names), (raw) => {
      const parsed = schema.safeParse(raw);
      if (parsed.success) accepted(parsed.data as Record<string, unknown>, raw);
    }),
    { numRuns: UNIT_RUNS },
  );
}

const noExtra = (raw: Record<string, unknown>) => expect("extra" in raw).toBe(false);

describe("partner API request schemas, fuzzed", () => {
  it("bodies take only their own fields, within their limits", () => {
    property(bodies.createOrganization, ["name"], ({ name }, raw) => {
      noExtra(raw);
      expect(name).not.toMatch(HIDDEN);
      expect([...String(name)].length).toBeLessThanOrEqual(100);
    });
    property(bodies.createInvite, ["email"], ({ email }, raw) => {
      noExtra(raw);
      expect(String(email).length).toBeLessThanOrEqual(254);
    });
    property(bodies.createConnection, ["roleArn"], ({ roleArn }, raw) => {
      noExtra(raw);
      expect(String(roleArn).length).toBeLessThanOrEqual(2048);
    });
    fc.assert(
      fc.property(fc.record({ url: fc.oneof(anyValue, fc.webUrl()), events: fc.oneof(anyValue, fc.array(fc.oneof(text, fc.constantFrom("*", "connection.failed")), { maxLength: 5 })), description: anyValue }, { requiredKeys: [] }), (raw) => {
        const parsed = bodies.createWebhook.safeParse(raw);
        if (!parsed.success) return;
        expect(parsed.data.events.every((e) => e === "*" || isEventType(e))).toBe(true);
        expect(parsed.data.url.length).toBeLessThanOrEqual(2048);
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  it("queries and path parameters accept only what they describe", () => {
    property(queries.connections, ["status", "organizationId", "accountId", "limit", "cursor"], (q, raw) => {
      noExtra(raw);
      expect(q.limit).toBeGreaterThanOrEqual(1);
      expect(q.limit).toBeLessThanOrEqual(200);
      if (q.organizationId !== undefined) expect(isUuid(q.organizationId)).toBe(true);
      if (q.accountId !== undefined) expect(q.accountId).toMatch(/^\d{12}$/);
    });
    property(queries.events, ["after", "type", "limit"], (q) => {
      expect(q.limit).toBeLessThanOrEqual(500);
      if (q.type !== undefined) expect(isEventType(q.type)).toBe(true);
    });
    property(params.delivery, ["id", "deliveryId"], (p) => expect(isUuid(p.id) && isUuid(p.deliveryId)).toBe(true));
  });
});
