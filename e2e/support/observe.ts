import { expect, type APIRequestContext } from "@playwright/test";
import type { ActionCall } from "./actions";
import type { Tenant } from "./tenants";

/** A page's text as a reader sees it: scripts (per-request nonces, RSC data) and tags removed. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** A GET without following redirects: what came back, and where it points. */
export async function fetchPage(api: APIRequestContext, url: string): Promise<{ status: number; location: string; text: string }> {
  const response = await api.get(url, { maxRedirects: 0 });
  return { status: response.status(), location: response.headers().location ?? "", text: await response.text() };
}

/** How many organisations the admin's list finds for a search by `name` (as its status line says). */
export async function organizationsNamed(admin: APIRequestContext, name: string): Promise<number> {
  const { status, text } = await fetchPage(admin, `/admin/organizations?q=${encodeURIComponent(name)}`);
  expect(status).toBe(200);
  const count = /([\d,]+) organisations? match/.exec(visibleText(text));
  expect(count, "the list's count line").not.toBeNull();
  return Number(count![1]!.replace(/,/g, ""));
}

/**
 * What an organisation looks like to the partner admin: its page (External IDs, members, invites),
 * each of its connections' pages (status, history) and its CSV export. Equal before and after an
 * attack means the attack changed nothing that anyone can see.
 */
export async function stateOf(admin: APIRequestContext, tenant: Tenant, extraPages: string[] = []): Promise<Record<string, string>> {
  const pages = [`/admin/organizations/${tenant.id}`, ...tenant.connections.map((c) => `/admin/connections/${c.id}`), ...extraPages];
  const state: Record<string, string> = {};
  for (const page of pages) {
    const { status, text } = await fetchPage(admin, page);
    state[page] = `${status} ${visibleText(text)}`;
  }
  const csv = `/admin/connections/export?org=${tenant.id}`;
  state[csv] = await (await admin.get(csv)).text();
  return state;
}

/** What an action told its caller, in one line: messages, field errors, a stream's events. */
export function saying(call: ActionCall): string {
  if (call.stream) {
    return call.stream
      .map((e) => {
        const event = e as { type?: string; message?: string; result?: { status?: string } };
        return event.type === "done" ? (event.result?.status ?? "") : (event.message ?? "");
      })
      .filter(Boolean)
      .join(" | ");
  }
  const value = (call.value ?? {}) as { message?: string; fieldErrors?: Record<string, string[]> };
  return [value.message, ...Object.values(value.fieldErrors ?? {}).flat()].filter(Boolean).join(" | ");
}

/** Fails when any of the tenant's private values is in a response meant for someone else. */
export function expectNoLeak(text: string, secrets: string[], where: string): void {
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    expect(at < 0 ? "" : text.slice(Math.max(0, at - 200), at + secret.length + 50), `${where} leaks ${secret}`).toBe("");
  }
}
