import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { e2e } from "../../playwright.config";
import { ADMIN_STATE } from "../fixtures";

/**
 * Sessions without a browser, for tests that make hundreds of requests: an API request context
 * keeps its cookies like a browser profile. Signing in goes through next-auth's own endpoints,
 * CSRF token included, as the sign-in form does.
 */

/**
 * A signed-out client (an anonymous visitor or an attacker without an account). Each client comes
 * from an address of its own, so what it does to per-address limits stays with it and never locks
 * out the browser tests, which all come from 127.0.0.1.
 */
export function anonymousApi(headers: Record<string, string> = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: e2e.baseURL, extraHTTPHeaders: { "x-forwarded-for": testAddress(), ...headers } });
}

/** The partner admin, from the cookies the setup project saved. */
export function adminApi(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE, extraHTTPHeaders: { "x-forwarded-for": testAddress() } });
}

/** Posts e-mail and password to next-auth's credentials callback; returns where it sends the browser. */
export async function postSignIn(api: APIRequestContext, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, json: "true", ...fields },
    headers,
    maxRedirects: 0,
  });
  const url = response.headers()["content-type"]?.includes("json") ? ((await response.json()) as { url?: string }).url : response.headers().location;
  return { status: response.status(), url: url ?? "" };
}

/** A client signed in as this user (fails the test if the sign-in is refused). */
export async function signedInApi(email: string, password: string): Promise<APIRequestContext> {
  const api = await anonymousApi();
  const { url } = await postSignIn(api, { email, password });
  if (/error=/.test(url)) throw new Error(`sign-in of ${email} refused: ${url}`);
  return api;
}

/** Whether the client has a session (next-auth answers `{}` without one). */
export async function sessionEmail(api: APIRequestContext): Promise<string | undefined> {
  const body = (await (await api.get("/api/auth/session")).json()) as { user?: { email?: string } };
  return body.user?.email;
}

/** A documentation-range address (RFC 5737/3849), unique per call: keys per-address limits to one test. */
export function testAddress(): string {
  const r = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${r()}:${r()}:${r()}:${r()}::1`;
}
