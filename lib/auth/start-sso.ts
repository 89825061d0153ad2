import { getCsrfToken } from "next-auth/react";

/**
 * Sends the browser to an OpenID provider through next-auth (client-side), as next-auth's own
 * `signIn` does, for any provider id: a customer organisation's provider is not in next-auth's
 * list of providers, which is built without them. `params` go to the provider (e.g. prompt=login).
 */
export async function startSso(providerId: string, callbackUrl: string, params: Record<string, string> = {}): Promise<void> {
  const csrfToken = await getCsrfToken();
  if (!csrfToken) throw new Error("Rolegate could not be reached");
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`/api/auth/signin/${encodeURIComponent(providerId)}${query ? `?${query}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json()) as { url?: unknown };
  if (typeof url !== "string") throw new Error("Rolegate could not be reached");
  window.location.href = url;
}
