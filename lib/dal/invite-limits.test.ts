import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/dal/viewer";
import { newAdmin, newOrganization, setupDatabase, uniqueEmail } from "@/tests/support/db";
import { isDalError } from "./errors";
import { INVITE_LIMITS, limitInviteLookup } from "./invite-limits";
import { createInvite, previewInvite } from "./invites";

let token: string;
beforeAll(async () => {
  await setupDatabase();
  const admin: Viewer = await newAdmin();
  token = (await createInvite(admin, { organizationId: await newOrganization(admin), email: uniqueEmail() })).token;
});

const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
const guess = () => `${crypto.randomUUID().replace(/-/g, "")}${"A".repeat(11)}`; // token-shaped, unknown

/** What a lookup ends with: the invite's e-mail, or the refusal's code. */
async function lookup(from: string | undefined, value: string): Promise<string> {
  try {
    return (await limitInviteLookup(from, () => previewInvite(value))).email;
  } catch (error) {
    if (isDalError(error)) return error.code;
    throw error;
  }
}

describe("invite lookups per address", () => {
  it("pause after the allowed unknown links, for every link, and only for that address", async () => {
    const from = address();
    for (let i = 0; i < INVITE_LIMITS.perAddress.limit; i++) expect(await lookup(from, guess())).toBe("not_found");
    expect(await lookup(from, guess())).toBe("rate_limited");
    expect(await lookup(from, token)).toBe("rate_limited");
    expect(await lookup(address(), token)).toContain("@");
  });

  it("count only unknown links: a working link opens any number of times", async () => {
    const from = address();
    for (let i = 0; i < 2 * INVITE_LIMITS.perAddress.limit; i++) expect(await lookup(from, token)).toContain("@");
    expect(await lookup(from, guess())).toBe("not_found");
  });

  it("answer no more guesses than the limit in a concurrent burst", async () => {
    const from = address();
    const outcomes = await Promise.all(Array.from({ length: 3 * INVITE_LIMITS.perAddress.limit }, () => lookup(from, guess())));
    expect(outcomes.filter((o) => o === "not_found")).toHaveLength(INVITE_LIMITS.perAddress.limit);
  });

  it("apply no per-address limit when the address is unknown", async () => {
    for (let i = 0; i < INVITE_LIMITS.perAddress.limit + 2; i++) expect(await lookup(undefined, guess())).toBe("not_found");
  });
});
