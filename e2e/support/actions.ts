import type { APIRequestContext } from "@playwright/test";
import { e2e } from "../../playwright.config";
import { actionRequest, type ServerAction } from "../../scripts/support/load-actions";
import { actionOutcome, type ActionOutcome } from "../../scripts/support/rsc";

export { actionByKey, serverActions, type ServerAction } from "../../scripts/support/load-actions";

export type ActionCall = { status: number; text: string; headers: Record<string, string> } & ActionOutcome;

/**
 * Calls a server action over HTTP as a browser would (or as an attacker replays it): POST to a page
 * that hosts it, with its id and React's encoding of the arguments, in `request`'s session.
 */
export async function callAction(
  request: APIRequestContext,
  action: ServerAction,
  page: string,
  args: unknown[],
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<ActionCall> {
  const call = await actionRequest(action, args, options.origin ?? e2e.baseURL);
  const headers = { ...call.headers, ...options.headers };
  const response = await request.post(page, { headers, maxRedirects: 0, data: call.body });
  const text = await response.text();
  const outcome = response.headers()["content-type"]?.startsWith("text/x-component") ? safeOutcome(text) : {};
  return { status: response.status(), text, headers: response.headers(), ...outcome };
}

function safeOutcome(text: string): ActionOutcome {
  try {
    return actionOutcome(text);
  } catch {
    return {};
  }
}

/** A form action's answer (`{ ok, message, fieldErrors, data }`), or an empty one. */
export function formResult(call: ActionCall): { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]>; data?: Record<string, unknown> } {
  return call.value && typeof call.value === "object" ? (call.value as never) : {};
}

/** The FormData of `[prevState, formData]` arguments (empty for arguments of another shape). */
export function formArgsOf(args: unknown[]): FormData {
  return args[1] instanceof FormData ? args[1] : new FormData();
}

/** FormData from plain fields (repeated names allowed). */
export function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}
