import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { parseRoleArn } from "@/lib/aws/arn";
import { isUuid } from "@/lib/dal/ids";
import { anyValue, text, UNIT_RUNS } from "@/tests/support/fuzz-text";
import { acceptInviteSchema, changePasswordSchema, signInSchema } from "./auth";
import { addConnectionSchema, connectionIdSchema } from "./connections";
import { jobIdSchema, MAX_SELECTION, startBulkVerificationSchema } from "./jobs";
import { createApiKeySchema, revokeApiKeySchema } from "./api-keys";
import { createInviteSchema, createOrganizationSchema, revokeInviteSchema, rotateExternalIdSchema } from "./organizations";
import { createWebhookSchema, retryDeliverySchema, webhookIdSchema } from "./webhooks";

// Every form's schema against any input, 10,000 cases each: it never throws, and what it accepts is
// what the data-access layer and PostgreSQL can take (ids are uuids, text has no NUL, lengths hold).

const CONTROL = /[\u0000-\u001f\u007f]/;
const fieldsOf = (names: string[]) => fc.record(Object.fromEntries(names.map((n) => [n, anyValue])), { requiredKeys: [] });

/** Checks `accepted` on every input the schema accepts; a throw (rather than a refusal) fails too. */
function property(schema: z.ZodType, names: string[], accepted: (data: Record<string, unknown>) => void) {
  fc.assert(
    fc.property(fieldsOf(names), (input) => {
      const parsed = schema.safeParse({ ...input });
      if (parsed.success) accepted(parsed.data as Record<string, unknown>);
    }),
    { numRuns: UNIT_RUNS },
  );
}

describe("form schemas, fuzzed", () => {
  it("sign-in", () =>
    property(signInSchema, ["email", "password"], ({ email, password }) => {
      expect(String(email).length).toBeLessThanOrEqual(254);
      expect(email).not.toMatch(CONTROL);
      expect(typeof password).toBe("string");
    }));

  it("accept invite and change password", () => {
    property(acceptInviteSchema, ["name", "password", "confirm"], ({ name, password, confirm }) => {
      expect(name).not.toMatch(CONTROL);
      expect(String(name).length).toBeGreaterThan(0);
      expect(password).toBe(confirm);
    });
    property(changePasswordSchema, ["current", "password", "confirm"], ({ password, confirm }) => expect(password).toBe(confirm));
  });

  it("connections: role ARNs reach the database only well-formed", () => {
    property(addConnectionSchema, ["roleArn"], ({ roleArn }) => {
      const role = parseRoleArn(roleArn);
      if (role.ok) expect(role.role.arn).not.toMatch(CONTROL);
    });
    property(connectionIdSchema, ["connectionId"], ({ connectionId }) => expect(isUuid(connectionId)).toBe(true));
  });

  it("organisations and invites", () => {
    property(createOrganizationSchema, ["name"], ({ name }) => {
      expect(name).not.toMatch(CONTROL);
      // Characters as people count them: zod counts code points, so "𐀀" is one, not two UTF-16 units.
      expect([...String(name)].length).toBeLessThanOrEqual(100);
    });
    property(createInviteSchema, ["organizationId", "email"], ({ organizationId, email }) => {
      expect(isUuid(organizationId)).toBe(true);
      expect(email).not.toMatch(CONTROL);
    });
    property(revokeInviteSchema, ["inviteId", "organizationId"], (d) => expect(isUuid(d.inviteId) && isUuid(d.organizationId)).toBe(true));
    property(rotateExternalIdSchema, ["organizationId"], (d) => expect(isUuid(d.organizationId)).toBe(true));
  });

  it("bulk jobs", () => {
    property(jobIdSchema, ["jobId"], (d) => expect(isUuid(d.jobId)).toBe(true));
    const selection = fc.record({ scope: fc.oneof(fc.constantFrom("selection", "failed", "all"), text), connectionId: fc.array(fc.oneof(fc.uuid(), text), { maxLength: 6 }) });
    fc.assert(
      fc.property(selection, (input) => {
        const parsed = startBulkVerificationSchema.safeParse(input);
        if (parsed.success && parsed.data.scope === "selection") {
          expect(parsed.data.connectionId.length).toBeLessThanOrEqual(MAX_SELECTION);
          expect(parsed.data.connectionId.every(isUuid)).toBe(true);
        }
      }),
      { numRuns: UNIT_RUNS },
    );
  });

  it("API keys and webhook endpoints: names people read carry no hidden characters", () => {
    const HIDDEN = /[\p{Cc}\p{Cf}]/u;
    property(createApiKeySchema, ["name", "scope"], ({ name, scope }) => {
      expect(name).not.toMatch(HIDDEN);
      expect([...String(name)].length).toBeGreaterThan(0);
      expect([...String(name)].length).toBeLessThanOrEqual(100);
      expect(["read", "write"]).toContain(scope);
    });
    property(revokeApiKeySchema, ["apiKeyId"], (d) => expect(isUuid(d.apiKeyId)).toBe(true));
    const endpoint = fc.record({ url: anyValue, description: anyValue, events: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 4 })) }, { requiredKeys: [] });
    fc.assert(
      fc.property(endpoint, (input) => {
        const parsed = createWebhookSchema.safeParse(input);
        if (!parsed.success) return;
        expect(parsed.data.url.length).toBeLessThanOrEqual(2048);
        if (parsed.data.description !== undefined) expect(parsed.data.description).not.toMatch(HIDDEN);
        expect(parsed.data.events.every((e) => typeof e === "string")).toBe(true);
      }),
      { numRuns: UNIT_RUNS },
    );
    property(webhookIdSchema, ["webhookId"], (d) => expect(isUuid(d.webhookId)).toBe(true));
    property(retryDeliverySchema, ["webhookId", "deliveryId"], (d) => expect(isUuid(d.webhookId) && isUuid(d.deliveryId)).toBe(true));
  });
});
