import type { Page } from "@playwright/test";
import { e2e, expect, unique } from "../fixtures";

/**
 * The test OpenID providers of e2e/idp/server.mjs, driven through its `/_test/*` control API: the
 * partner's (`admin`, at the server's root) and the customer organisations' (`org`, at `/org`).
 */

export type IdpPerson = { login: string; email: string; email_verified?: boolean; name?: string; groups?: string[] };

export function testIdp(provider: "admin" | "org", defaults: Partial<Omit<IdpPerson, "login">> = {}) {
  const issuer = provider === "org" ? `${e2e.idpURL}/org` : e2e.idpURL;
  // The partner's provider is the one the control API switches when no provider is named.
  const which = provider === "org" ? { provider } : {};
  const control = async (route: string, body: object) =>
    expect((await fetch(`${e2e.idpURL}/_test/${route}`, { method: "POST", body: JSON.stringify({ ...body, ...which }) })).status).toBe(204);
  return {
    issuer,
    /** A person the provider signs in by login name, with these claims. */
    async person(claims: Omit<IdpPerson, "login">): Promise<IdpPerson> {
      const login = unique(provider === "org" ? "org-sso" : "sso").toLowerCase();
      const response = await fetch(`${e2e.idpURL}/_test/accounts`, { method: "POST", body: JSON.stringify({ login, email_verified: true, ...defaults, ...claims }) });
      expect(response.status).toBe(204);
      return { login, ...claims };
    },
    down: (down: boolean) => control("down", { down }),
    tamper: (tamper: { state?: string; nonce?: string }) => control("tamper", tamper),
    /** The provider's own login form, which signs in any login name. */
    async login(page: Page, who: IdpPerson) {
      await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
      await page.locator("input[name=login]").fill(who.login);
      await page.locator("input[name=password]").fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
    },
  };
}

/** The page's alerts with something to say (Next.js keeps an empty one for route announcements). */
export const alerts = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });

/** What next-auth's session endpoint says of the page's browser. */
export async function sessionOf(page: Page) {
  return (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
}
